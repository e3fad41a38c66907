(head -n 1 tests/data/layout/edges.csv; tail -n +2 tests/data/layout/edges.csv | tac) | tally layout | cmp - tests/golden/layout/nodes.out && echo same
