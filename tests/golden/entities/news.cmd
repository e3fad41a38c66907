tally entities tests/data/entities/news.txt
