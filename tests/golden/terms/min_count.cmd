tally terms --min-count 3 tests/data/terms/
