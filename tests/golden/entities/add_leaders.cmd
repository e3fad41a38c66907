echo "Prime Minister Keir Starmer met Governor Roe. Starmer and J. Roe agreed; Roe left." | tally entities --add tests/data/entities/add/leaders_extra.csv
