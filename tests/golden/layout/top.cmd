tally layout --top 3 tests/data/layout/edges.csv
