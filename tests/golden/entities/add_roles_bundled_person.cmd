echo "Tô Lâm met Donald Trump. General Secretary Lâm said so. Lâm left." | tally entities --add tests/data/entities/add/nfd_to_lam.csv --add tests/data/entities/add/trump_board.csv
