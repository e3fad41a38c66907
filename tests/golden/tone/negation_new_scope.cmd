tally tone --level sentence tests/data/tone/renegated.txt
