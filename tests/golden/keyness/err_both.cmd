tally keyness --target d1 --reference side=a tests/data/terms/
