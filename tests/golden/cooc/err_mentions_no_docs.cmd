tally entities corpus/ | tally cooc --mentions -
