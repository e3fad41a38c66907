echo keep >"$TALLY_TMP/gn.csv"; tally cooc --format gephi --nodes "$TALLY_TMP/gn.csv" corpus/ >/dev/full; echo "exit $?"; cat "$TALLY_TMP/gn.csv"
