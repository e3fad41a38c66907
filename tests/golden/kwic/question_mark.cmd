tally kwic -w 1 't?lks' tests/data/terms/d2.txt
