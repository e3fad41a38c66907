tally kiwc peace tests/data/tok/nonl.txt
