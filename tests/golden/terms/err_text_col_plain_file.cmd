tally terms --text-col text tests/data/csvopt/corpus.txt
