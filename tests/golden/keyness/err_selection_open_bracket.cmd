tally keyness --target '003_[' corpus/
