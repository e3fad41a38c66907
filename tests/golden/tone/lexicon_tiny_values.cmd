tally tone --explain --lexicon tests/data/tone/tiny_value.tsv tests/data/tone/renegated.txt
