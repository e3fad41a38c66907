tally keyness --target d1 --reference side=zzz tests/data/terms/
