cd "$TALLY_TMP" && printf 'id,text\n' >header_only.csv && tally terms header_only.csv
