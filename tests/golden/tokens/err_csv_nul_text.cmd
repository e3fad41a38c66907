tally tokens tests/data/tok/nulfield.csv
