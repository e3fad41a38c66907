tally terms --stopwords fr corpus/
