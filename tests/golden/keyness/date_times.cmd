tally keyness --target 'date<2026-02-21T12:00' --reference 'date>=2026-02-21T12:00' tests/data/dates/times.csv
