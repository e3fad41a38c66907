tally colloc --window 0 corpus/
