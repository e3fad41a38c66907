tally terms --top 15 corpus/
