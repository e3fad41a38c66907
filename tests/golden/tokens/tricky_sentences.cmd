tally tokens --sentences tests/data/tok/tricky.txt
