tally tokens tests/data/tok/nul.txt
