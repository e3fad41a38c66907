printf "a,b\n\"x, y\",\"tab\there\"\n\"multi\nline\",2\n" | tally tsv | od -c
