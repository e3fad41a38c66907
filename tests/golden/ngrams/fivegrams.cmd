tally ngrams -n 5 --top 5 corpus/
