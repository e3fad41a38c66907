tally keyness --target d1 --target d3 --top 5 tests/data/terms/
