tally keyness --target side=a tests/data/terms/
