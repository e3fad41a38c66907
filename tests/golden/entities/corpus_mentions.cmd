tally entities corpus/
