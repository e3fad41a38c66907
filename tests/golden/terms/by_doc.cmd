tally terms --by doc --top 3 tests/data/terms/
