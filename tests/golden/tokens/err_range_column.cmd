# an error in a manifest range that starts inside a line: the column counts from the line's start in the file (2:10), not from the range's start
tally tokens tests/data/tok/range_col/manifest.csv
