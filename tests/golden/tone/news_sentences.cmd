tally tone --level sentence --text tests/data/tone/news.csv
