tally terms --zipf --top 10 corpus/
