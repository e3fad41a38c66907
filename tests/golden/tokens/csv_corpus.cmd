tally tokens --text-col body tests/data/tok/news.csv
