printf 'id,text\nd1,hi\n' | tally terms --text-col text -
