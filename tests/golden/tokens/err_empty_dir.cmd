mkdir -p "$TALLY_TMP/emptydir" && tally tokens "$TALLY_TMP/emptydir" 2>&1 | sed "s|$TALLY_TMP|TMP|"
