tally cooc --format matrix --value npmi --top 4 corpus/
