tally ngrams tests/data/terms/d2.txt
