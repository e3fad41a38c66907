tally ngrams --top 12 corpus/
