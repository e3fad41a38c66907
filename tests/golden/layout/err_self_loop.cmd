printf 'a,b,n_ab\nA,B,1\nC,C,2\n' | tally layout
