tally terms --no-numbers --clitics tests/data/terms/d1.txt tests/data/terms/d2.txt
