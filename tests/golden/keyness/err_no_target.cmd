tally keyness corpus/
