printf 'id,body\nx1,hello world\n' | tally terms --format csv --text-col body
