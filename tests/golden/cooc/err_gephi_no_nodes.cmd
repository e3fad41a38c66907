tally cooc --format gephi corpus/
