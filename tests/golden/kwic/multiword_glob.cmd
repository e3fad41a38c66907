tally kwic --window 3 'board of *' corpus/
