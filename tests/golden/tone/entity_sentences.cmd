tally tone --level entity --mentions tests/data/tone/mentions.csv tests/data/tone/news.csv
