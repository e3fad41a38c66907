echo x | tally entities --add tests/data/entities/add/not_gazetteer.csv
