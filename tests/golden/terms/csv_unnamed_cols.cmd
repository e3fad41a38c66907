printf 'id,text,,\nd1,hello world,,\nd2,good day,,\n' | tally terms --format csv
