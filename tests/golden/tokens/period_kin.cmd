cd "$TALLY_TMP" && cat >pk.txt && tally tokens --kind pk.txt && tally tokens --sentences pk.txt
