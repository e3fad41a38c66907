tally kwic -w 2 "* 's" tests/data/terms/
