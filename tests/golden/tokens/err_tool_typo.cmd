tally term tests/data/tok/nonl.txt
