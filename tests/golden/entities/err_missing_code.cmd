echo Atlantis | tally entities --add tests/data/entities/add/missing_code.csv
