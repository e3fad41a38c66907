tally keyness --target 'date>=2026-02-21' --reference 'date<2026-02-21' tests/data/dates/no_such_day.csv
