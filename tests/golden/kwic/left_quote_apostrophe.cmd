cd "$TALLY_TMP" && cat >lq.txt && tally kwic -w 2 "d‘Ivoire" lq.txt && tally kwic -w 2 "don‘t*" lq.txt && tally kwic -w 2 "trump ‘s" lq.txt
