tally tokens --sentences corpus/
