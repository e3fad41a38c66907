tally terms --by date tests/data/dir/a.txt
