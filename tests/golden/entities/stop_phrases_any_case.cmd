tally entities --capitals tests/data/entities/washington_state.txt
