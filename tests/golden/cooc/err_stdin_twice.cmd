cd "$TALLY_ROOT" && tally entities corpus/000_0574877f8ca1529b.txt | tally cooc --mentions - -
