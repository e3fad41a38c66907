printf 'a a b b c c d\n' | tally terms --zipf
