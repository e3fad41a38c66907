tally entities --capitals tests/data/entities/hyphen_longest.txt
