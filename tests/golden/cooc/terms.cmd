printf "Red apples and green apples.\nGreen pears, red apples.\n" | tally cooc --terms --min 2
