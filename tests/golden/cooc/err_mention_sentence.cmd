cd "$TALLY_TMP" && tally entities "$TALLY_ROOT/corpus" | awk -F, 'NR==3{$2=9999;$3=9999}1' OFS=, >em.csv && tally cooc --mentions em.csv "$TALLY_ROOT/corpus"
