tally terms --stopwords en --top 15 corpus/
