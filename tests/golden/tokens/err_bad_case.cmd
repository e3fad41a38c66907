tally tokens --case upper tests/data/tok/nonl.txt
