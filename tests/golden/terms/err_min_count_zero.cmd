tally terms --min-count 0 corpus/
