tally tokens --kind
