tally colloc --min-count 1 tests/data/terms/
