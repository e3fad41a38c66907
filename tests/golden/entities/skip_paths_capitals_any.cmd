tally entities --capitals --short-anywhere
