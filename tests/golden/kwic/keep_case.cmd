tally kwic --case keep -w 2 Peace tests/data/terms/
