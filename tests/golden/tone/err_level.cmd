tally tone --level mood corpus/
