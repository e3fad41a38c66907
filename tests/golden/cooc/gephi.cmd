tally cooc --format gephi --nodes "$TALLY_TMP/nodes.csv" --min 2 corpus/ && echo && cat "$TALLY_TMP/nodes.csv"
