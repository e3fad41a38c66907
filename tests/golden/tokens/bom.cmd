tally tokens tests/data/tok/bom.txt
