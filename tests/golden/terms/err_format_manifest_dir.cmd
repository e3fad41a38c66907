cd "$TALLY_ROOT" && tally terms --format manifest tests/data/dir
