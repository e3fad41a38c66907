# ? matches one character of the case-folded token: ß folds to ss
printf 'Die Stra\303\237e ist lang.\n' | tally kwic -w 1 'stra??e'
