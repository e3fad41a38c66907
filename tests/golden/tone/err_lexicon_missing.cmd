cd "$TALLY_TMP" && tally tone --lexicon no-such-lexicon.tsv "$TALLY_ROOT/corpus"
