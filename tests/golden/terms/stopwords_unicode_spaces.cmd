cd "$TALLY_TMP" && printf 'the\xc2\xa0\n\xe3\x80\x80of\n\xe2\x80\xaf and \xe2\x80\x89\n' > sw.txt && echo "the cat of new york and" | tally terms --stopwords sw.txt
