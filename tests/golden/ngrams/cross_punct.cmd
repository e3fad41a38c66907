tally ngrams --cross-punct tests/data/terms/d2.txt
