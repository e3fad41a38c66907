tally cooc --stopwords en corpus/
