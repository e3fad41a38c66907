tally tokens --frobnicate tests/data/tok/nonl.txt 2>&1 | head -n 1
