tally terms --by month tests/data/dates/bad_date.csv
