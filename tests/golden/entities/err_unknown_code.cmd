echo Atlantis | tally entities --add tests/data/entities/add/unknown_code.csv
