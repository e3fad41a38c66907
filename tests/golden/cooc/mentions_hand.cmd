tally cooc --mentions tests/data/cooc/hand.csv --universe mentioned
