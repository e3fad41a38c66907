printf "a,b,n_ab\n" | tally layout
