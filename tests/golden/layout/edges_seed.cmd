tally layout --edges --seed 7 --iterations 50 tests/data/layout/edges.csv
