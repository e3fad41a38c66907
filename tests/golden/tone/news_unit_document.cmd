tally tone --unit document tests/data/tone/news.csv
