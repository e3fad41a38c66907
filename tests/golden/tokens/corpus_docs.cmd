tally tokens corpus/ | cut -d, -f1 | uniq -c
