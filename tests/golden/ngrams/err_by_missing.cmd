tally ngrams --by date tests/data/dir/a.txt
