tally terms --case keep --top 6 tests/data/terms/
