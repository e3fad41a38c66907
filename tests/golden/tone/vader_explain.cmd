tally tone --explain tests/data/tone/vader.txt
