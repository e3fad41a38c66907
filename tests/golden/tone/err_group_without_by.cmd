tally tone --level group corpus/
