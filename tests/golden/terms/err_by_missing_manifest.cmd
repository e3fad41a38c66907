tally terms --by section corpus/
