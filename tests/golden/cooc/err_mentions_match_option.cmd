cd "$TALLY_ROOT" && tally entities corpus/ >"$TALLY_TMP/m.csv" && tally cooc --mentions "$TALLY_TMP/m.csv" --universe mentioned --short-anywhere
