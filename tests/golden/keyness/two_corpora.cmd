tally keyness tests/data/terms/d1.txt tests/data/terms/d3.txt
