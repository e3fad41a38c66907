tally --text-col body tokens tests/data/tok/news.csv
