tally --help | head -n 1
