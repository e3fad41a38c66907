echo Sakartvelo | tally entities --add tests/data/entities/add/duplicate.csv
