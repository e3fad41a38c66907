tally kwic -w -1 peace corpus/
