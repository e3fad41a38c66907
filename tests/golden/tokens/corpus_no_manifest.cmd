tally tokens --no-manifest corpus/ | cut -d, -f1 | uniq -c
