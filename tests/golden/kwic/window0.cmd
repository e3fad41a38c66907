tally kwic -w 0 'secret*' corpus/
