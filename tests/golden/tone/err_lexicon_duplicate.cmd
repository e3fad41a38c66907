tally tone --lexicon tests/data/tone/dup.csv tests/data/tone/vader.txt
