tally cooc --by month --min 2 corpus/
