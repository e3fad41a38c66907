printf 'id,title,text\n1,"a\nb","line one\nline two\nline \377 three"\n' >"$TALLY_TMP/ml.csv"; cd "$TALLY_TMP" && tally terms ml.csv
