tally kwic -w 2 'stalled hanoi' tests/data/terms/d1.txt
