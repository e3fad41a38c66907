cd "$TALLY_ROOT" && tally cooc --terms --types country corpus/
