tally terms --fold-diacritics tests/data/terms/d3.txt
