tally cooc --format dot corpus/
