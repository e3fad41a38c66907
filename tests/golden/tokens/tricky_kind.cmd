tally tokens --kind tests/data/tok/tricky.txt
