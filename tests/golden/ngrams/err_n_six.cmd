tally ngrams -n 6 corpus/
