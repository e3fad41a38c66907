tally cooc --value g2 corpus/
