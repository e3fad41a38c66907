tally kwic --fold-diacritics -w 2 'viet nam' corpus/
