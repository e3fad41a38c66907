tally keyness --target 'code~1234-56' --reference 'code>=2000' tests/data/dates/times.csv
