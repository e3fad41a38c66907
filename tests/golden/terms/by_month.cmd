tally terms --by month --stopwords en --top 5 corpus/
