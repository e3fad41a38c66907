tally colloc --window 101 corpus/
