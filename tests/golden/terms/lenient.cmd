tally terms --lenient tests/data/tok/badutf8.txt
