cd "$TALLY_ROOT" && tally tone --level sentence --boot 100 corpus/
