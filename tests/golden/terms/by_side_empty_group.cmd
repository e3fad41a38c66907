tally terms --by side --stopwords en tests/data/terms/
