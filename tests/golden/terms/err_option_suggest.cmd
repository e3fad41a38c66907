tally terms --text-column text tests/data/tok/nonl.txt
