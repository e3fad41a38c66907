tally terms --text-col body tests/data/csvopt
