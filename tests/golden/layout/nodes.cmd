tally layout tests/data/layout/edges.csv
