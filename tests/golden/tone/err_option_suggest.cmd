tally tone --lexicn x tests/data/tok/nonl.txt
