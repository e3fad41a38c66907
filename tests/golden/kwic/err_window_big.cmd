tally kwic -w 101 peace corpus/
