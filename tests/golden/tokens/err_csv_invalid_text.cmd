tally tokens tests/data/tok/badutf8.csv
