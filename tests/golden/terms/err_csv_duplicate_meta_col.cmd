printf 'id,date,text,date\n1,2026-01-01,hello,2026-02-01\n' | tally terms --format csv --by date
