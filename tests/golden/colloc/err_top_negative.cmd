tally colloc --top -3 corpus/
