tally cooc --format gephi --nodes - corpus/
