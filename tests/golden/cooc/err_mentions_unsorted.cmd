tally cooc --mentions tests/data/cooc/unsorted.csv --universe mentioned
