tally colloc --min-count 0 corpus/
