tally tone --level entity --explain --mentions tests/data/tone/mentions.csv tests/data/tone/news.csv
