tally tokens --lenient tests/data/tok/badmeta.csv
