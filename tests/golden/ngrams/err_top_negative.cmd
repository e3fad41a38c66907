tally ngrams --top -3 corpus/
