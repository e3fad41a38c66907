tally kwic
