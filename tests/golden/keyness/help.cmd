tally keyness --help
