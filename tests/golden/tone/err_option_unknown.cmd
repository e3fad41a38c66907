tally tone --frobnicate tests/data/tok/nonl.txt
