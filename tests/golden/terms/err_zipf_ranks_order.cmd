tally terms --zipf-ranks 5:2 corpus/
