tally terms corpus/ > /dev/full
