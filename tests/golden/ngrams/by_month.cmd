tally ngrams --by month --top 3 tests/data/terms/
