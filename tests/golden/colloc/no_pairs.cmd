printf "One. Two.\n" | tally colloc
