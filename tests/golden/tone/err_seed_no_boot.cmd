cd "$TALLY_ROOT" && tally tone --seed 3 corpus/
