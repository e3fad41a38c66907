tally entities --help
