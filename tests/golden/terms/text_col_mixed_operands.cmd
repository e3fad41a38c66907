tally terms --text-col body tests/data/csvopt/body.csv tests/data/csvopt/corpus.txt
