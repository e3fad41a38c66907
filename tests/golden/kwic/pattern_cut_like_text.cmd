tally kwic -w 1 "Board's" tests/data/tok/tricky.txt && tally kwic -w 1 'U.S.' tests/data/tok/tricky.txt && tally kwic -w 1 '(chairman),' tests/data/tok/tricky.txt
