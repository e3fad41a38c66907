tally entities
