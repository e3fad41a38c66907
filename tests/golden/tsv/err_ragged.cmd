printf "a,b\n1\n" | tally tsv
