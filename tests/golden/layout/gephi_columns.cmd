printf "Source,Target,Weight\nA,B,2\nB,C,1\n" | tally layout
