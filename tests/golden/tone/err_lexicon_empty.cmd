tally tone --lexicon tests/data/tone/empty.csv tests/data/tone/vader.txt
