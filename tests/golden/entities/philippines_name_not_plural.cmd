tally entities tests/data/entities/philippines.txt
