tally tone --level sentence tests/data/tone/vader.txt
