# a quote left open is reported at the line of the record it opens in, not at the end of the file
printf 'id,text\n1,"oops\n2,fine\n3,fine\n4,fine\n' | tally tokens --format csv
