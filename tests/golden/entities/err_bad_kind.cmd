echo Yankee | tally entities --add tests/data/entities/add/bad_kind.csv
