tally entities --types person
