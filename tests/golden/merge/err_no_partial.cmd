tally merge
