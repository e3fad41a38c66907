tally cooc --window 10 --min 3 corpus/
