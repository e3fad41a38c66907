printf 'id,date,text\na,2026-01-10,Ayatollah Khamenei spoke.\nb,2026-04-01,Ayatollah Khamenei spoke.\nc,,Supreme Leader Khamenei spoke.\n' | tally entities --format csv
