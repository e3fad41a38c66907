tally terms --by month tests/data/dates/no_such_day.csv
