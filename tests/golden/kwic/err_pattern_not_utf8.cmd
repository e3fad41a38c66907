tally kwic $'\xff' corpus/
