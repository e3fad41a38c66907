tally keyness --target kind=editorial corpus/
