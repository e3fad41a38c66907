tally tone --lexicon data/afinn165.txt --level sentence tests/data/tone/vader.txt
