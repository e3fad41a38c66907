tally ngrams --help
