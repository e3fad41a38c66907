tally terms --top 0 corpus/
