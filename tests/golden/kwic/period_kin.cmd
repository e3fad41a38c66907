cd "$TALLY_TMP" && cat >pk.txt && tally kwic -w 2 "qdnd.vn" pk.txt && tally kwic -w 2 "QDND．VN" pk.txt && tally kwic -w 2 "3.5*" pk.txt
