cd "$TALLY_TMP" && printf 'peace\nvietnam\n' >mine.txt && tally terms --stopwords en --stopwords mine.txt --top 6 "$TALLY_ROOT/corpus"
