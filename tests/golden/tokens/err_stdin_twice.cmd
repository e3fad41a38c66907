echo hello | tally tokens - -
