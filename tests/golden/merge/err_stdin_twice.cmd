cd "$TALLY_ROOT" && tally terms --partial corpus/000_0574877f8ca1529b.txt | tally merge - -
