tally entities --no-demonyms tests/data/entities/philippines.txt
