cd "$TALLY_ROOT" && tally tokens --sentences --kind corpus/
