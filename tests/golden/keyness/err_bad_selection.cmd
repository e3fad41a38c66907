tally keyness --target '=x' corpus/
