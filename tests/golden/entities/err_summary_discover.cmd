tally entities --summary --discover corpus/
