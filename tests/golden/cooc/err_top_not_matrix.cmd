tally cooc --top 3 corpus/
