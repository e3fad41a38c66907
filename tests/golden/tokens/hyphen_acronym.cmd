tally tokens --kind tests/data/tok/hyphen_acronym.txt
