tally cooc --context window corpus/
