tally keyness --target 'kind~*' corpus/
