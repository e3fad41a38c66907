tally tokens --format xml tests/data/tok/nonl.txt
