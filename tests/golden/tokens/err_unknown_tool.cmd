tally frobnicate
