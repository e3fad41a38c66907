tally keyness --target d1 --min-count 0 tests/data/terms/
