tally keyness --target date=2026-02 --reference 'date!=2026-02' tests/data/dates/mixed.csv
