tally keyness --target '003_*' --top 5 corpus/
