tally tokens --fold-diacritics tests/data/tok/tricky.txt
