tally tokens --lenient --sentences tests/data/tok/badutf8.csv
