tally tone --names corpus/
