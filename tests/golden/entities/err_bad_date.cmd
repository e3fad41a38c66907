echo Roe | tally entities --add tests/data/entities/add/bad_date.csv
