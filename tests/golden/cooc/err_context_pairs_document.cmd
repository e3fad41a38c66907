seq 1415 | sed 's/^/w/; s/$/./' | tr '\n' ' ' | tally cooc --terms --context document
