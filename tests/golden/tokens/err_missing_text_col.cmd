tally tokens tests/data/tok/notext.csv
