tally tone --lexicon tests/data/tone/dup.csv --duplicates last --level sentence --text tests/data/tone/vader.txt | grep -F "book was"
