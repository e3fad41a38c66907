tally tokens tests/data/tok/nonl.txt
