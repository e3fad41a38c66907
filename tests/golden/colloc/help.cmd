tally colloc --help
