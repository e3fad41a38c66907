cd "$TALLY_ROOT" && tally tokens --text-col body corpus/000_0574877f8ca1529b.txt
