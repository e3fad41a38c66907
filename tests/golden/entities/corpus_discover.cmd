tally entities --discover corpus/
