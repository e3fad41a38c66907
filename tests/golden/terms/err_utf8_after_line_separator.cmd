cd "$TALLY_TMP" && printf 'One\xe2\x80\xa8still one\xc2\x85and \xe2\x80\xa9one \xff\ntwo\n' >ls.txt && tally terms ls.txt
