cd "$TALLY_TMP" && printf 'new\xc2\xa0york\n' > sw.txt && echo "new york" | tally terms --stopwords sw.txt
