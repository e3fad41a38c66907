printf 'id,text\nx1,hello world\n' | tally terms --id-col id
