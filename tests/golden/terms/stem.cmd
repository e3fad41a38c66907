tally terms --stem --stopwords english tests/data/terms/
