cd "$TALLY_TMP" && printf "\377\376i\000d\000,\000t\000e\000x\000t\000\n\000" >u16.csv && tally terms u16.csv
