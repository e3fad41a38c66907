tally layout --iterations 0 tests/data/layout/edges.csv
