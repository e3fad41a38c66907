tally keyness --target 'date>=2026-02-01' --reference 'date<2026-02-01' tests/data/dates/mixed.csv
