tally cooc --mentions tests/data/cooc/hand.csv corpus/
