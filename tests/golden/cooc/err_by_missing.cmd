tally cooc --by region corpus/
