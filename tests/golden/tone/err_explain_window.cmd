tally tone --explain --level entity --context window:2 --mentions tests/data/tone/mentions.csv tests/data/tone/news.csv
