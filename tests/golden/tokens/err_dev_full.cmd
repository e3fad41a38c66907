tally tokens corpus/ > /dev/full
