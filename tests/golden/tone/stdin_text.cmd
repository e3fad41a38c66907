tally tone --level sentence --text
