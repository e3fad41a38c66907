tally kwic '  ' corpus/
