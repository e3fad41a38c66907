cd "$TALLY_TMP" && printf "\377\376H\000i\000\n\000" >u16.txt && tally terms u16.txt
