tally colloc --stopwords en --top 10 corpus/
