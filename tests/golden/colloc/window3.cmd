tally colloc --window 3 --min-count 3 --top 10 corpus/
