tally terms --threads 0 corpus/
