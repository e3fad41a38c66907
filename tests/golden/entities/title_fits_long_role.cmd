echo 'Prime Minister Moss spoke. Foreign Minister Moss replied.' | tally entities --add tests/data/entities/add/leaders_long_role.csv
