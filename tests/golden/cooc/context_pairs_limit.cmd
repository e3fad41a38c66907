seq 1414 | sed 's/^/w/' | tr '\n' ' ' | tally cooc --terms --min 2
