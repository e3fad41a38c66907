tally terms tests/data/terms/d1.txt
