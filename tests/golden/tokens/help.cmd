tally tokens --help | head -n 3
