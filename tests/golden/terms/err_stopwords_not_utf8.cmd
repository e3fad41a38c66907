tally terms --stopwords tests/data/terms/stopwords-latin1.txt corpus/
