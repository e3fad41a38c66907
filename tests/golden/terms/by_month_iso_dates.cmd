tally terms --by month tests/data/dates/iso.csv && tally terms --by year tests/data/dates/iso.csv
