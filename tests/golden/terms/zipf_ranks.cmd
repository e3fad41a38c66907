tally terms --zipf-ranks 2:20 --top 5 corpus/
