tally ngrams -n 0 corpus/
