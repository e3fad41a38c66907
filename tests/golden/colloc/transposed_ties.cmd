# pairs whose tables are transposes of each other (R and C swapped) have the same G2 and sort as ties: count, then w1, w2 in byte order
tally colloc --min-count 1 tests/data/colloc/transposed-ties.txt | cut -d, -f1-5,11
