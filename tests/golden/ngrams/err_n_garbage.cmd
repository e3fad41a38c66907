tally ngrams -n two corpus/
