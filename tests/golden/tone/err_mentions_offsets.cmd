tally tone --level entity --mentions tests/data/tone/bad_mentions.csv tests/data/tone/news.csv
