printf "Board’s U.S. role.\n" | tally tokens
