tally terms --zipf-ranks x corpus/
