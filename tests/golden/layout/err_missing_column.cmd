tally layout --weight nope tests/data/layout/edges.csv
