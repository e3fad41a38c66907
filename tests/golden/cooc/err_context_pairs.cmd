seq 1415 | sed 's/^/w/' | tr '\n' ' ' | tally cooc --terms
