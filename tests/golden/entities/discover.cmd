tally entities --discover
