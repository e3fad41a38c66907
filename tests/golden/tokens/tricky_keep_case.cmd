tally tokens --case keep tests/data/tok/tricky.txt
