tally ngrams -n 3 --stopwords en --min-count 2 corpus/
