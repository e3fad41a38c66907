tally tokens tests/data/dir
