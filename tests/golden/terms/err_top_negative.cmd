tally terms --top -3 corpus/
