tally tone --unit paragraph --level paragraph tests/data/tone/news.csv
