# a first line whose valence is mistyped is an error, not a header (a header's valence field is a name: letters, no digit)
tally tone --lexicon tests/data/tone/bad_first_value.tsv tests/data/tone/vader.txt
