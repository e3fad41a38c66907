tally tone --level entity --mentions tests/data/tone/other_mentions.csv tests/data/tone/news.csv
