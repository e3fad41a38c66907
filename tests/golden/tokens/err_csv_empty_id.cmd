printf 'id,text\n1,first\n,hello\n' | tally tokens --format csv
