tally tone --help
