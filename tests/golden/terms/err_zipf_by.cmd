tally terms --zipf --by month corpus/
