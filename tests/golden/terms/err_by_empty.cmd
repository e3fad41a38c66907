tally terms --by '' corpus/
