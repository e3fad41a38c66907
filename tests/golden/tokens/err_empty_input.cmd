tally tokens tests/data/tok/empty.txt
