tally cooc --format matrix --top 6 corpus/
