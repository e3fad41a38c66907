tally tone --lexicon tests/data/tone/bad_value.tsv tests/data/tone/vader.txt
