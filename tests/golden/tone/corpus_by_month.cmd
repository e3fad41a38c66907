tally tone --level group --by month corpus/
