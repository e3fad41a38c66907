cd "$TALLY_TMP" && tally cooc --format gephi --nodes g.csv -o g.csv "$TALLY_ROOT/corpus"
