tally tokens < /dev/null
