tally terms tests/data/tok/nonl.txt --stopword
