tally tone --level group --by region corpus/
