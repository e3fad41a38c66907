tally cooc --context document --min 2 corpus/
