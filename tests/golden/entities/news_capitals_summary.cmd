tally entities --capitals --summary tests/data/entities/news.txt
