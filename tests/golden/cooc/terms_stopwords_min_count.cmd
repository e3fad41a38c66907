tally cooc --terms --stopwords en --min-count 3 corpus/
