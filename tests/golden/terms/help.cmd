tally terms --help
