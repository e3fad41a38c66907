tally entities --summary corpus/
