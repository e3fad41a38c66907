tally tone --level group --by year tests/data/dates/bad_date.csv
