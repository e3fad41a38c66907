echo "Atlanta, Georgia is in the Peach State; Georgia and Tbilisi are not." | tally entities --add tests/data/entities/add/georgia_state.csv
