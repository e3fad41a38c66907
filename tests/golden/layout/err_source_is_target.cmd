printf 'a,b,n_ab\nA,B,1\n' | tally layout --source a --target a
