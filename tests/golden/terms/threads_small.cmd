tally terms --threads 3 --top 4 tests/data/terms/
