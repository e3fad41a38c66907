cd "$TALLY_ROOT" && tally terms --format csv tests/data/dir
