tally tokens tests/data/tok/nope.txt
