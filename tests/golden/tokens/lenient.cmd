tally tokens --lenient tests/data/tok/badutf8.txt
