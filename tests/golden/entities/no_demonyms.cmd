tally entities --no-demonyms
