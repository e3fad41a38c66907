tally keyness --target section=world corpus/
