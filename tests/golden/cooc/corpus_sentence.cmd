tally cooc corpus/
