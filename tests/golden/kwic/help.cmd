tally kwic --help
