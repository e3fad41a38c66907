printf 'a,b,n_ab\nA,B,0x10\n' | tally layout
