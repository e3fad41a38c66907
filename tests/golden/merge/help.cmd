tally merge --help
