printf "one two" | tally tokens - tests/data/tok/nonl.txt
