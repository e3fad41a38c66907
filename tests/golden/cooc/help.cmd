tally cooc --help
