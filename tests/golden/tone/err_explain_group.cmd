cd "$TALLY_ROOT" && tally tone --level group --by date --explain corpus/
