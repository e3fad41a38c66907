tally entities tests/data/tok/hyphen_acronym.txt
