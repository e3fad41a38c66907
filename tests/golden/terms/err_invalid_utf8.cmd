tally terms tests/data/tok/badutf8.txt
