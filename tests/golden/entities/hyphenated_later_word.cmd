tally entities --add tests/data/entities/add/hyphen_people.csv tests/data/entities/hyphen_names.txt
