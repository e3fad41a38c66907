tally ngrams --stem --top 5 tests/data/terms/
