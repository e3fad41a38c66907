printf "a b a\n" | tally terms --zipf
