tally tone corpus/
