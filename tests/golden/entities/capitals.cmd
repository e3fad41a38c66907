tally entities --capitals
