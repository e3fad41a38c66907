tally tokens tests/data/tok/crlf.txt
