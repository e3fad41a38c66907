printf 'id,text,text\n1,alpha,beta\n' | tally tokens --format csv
