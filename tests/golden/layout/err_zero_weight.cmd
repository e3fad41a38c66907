printf "a,b,n_ab\nA,B,0\n" | tally layout
