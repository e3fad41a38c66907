tally tokens --sentences --text-col body --id-col date tests/data/tok/news.csv
