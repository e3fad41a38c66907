tally tone --level entity --by month --context window:3 --mentions tests/data/tone/mentions.csv tests/data/tone/news.csv
