tally ngrams -n 1 corpus/
