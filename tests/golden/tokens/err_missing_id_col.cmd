tally tokens --text-col body --id-col nope tests/data/tok/news.csv
