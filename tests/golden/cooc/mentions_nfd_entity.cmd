# an entity name written in NFD in a hand-edited mention list is one unit with its NFC spelling
tally cooc --mentions tests/data/cooc/mentions_nfd.csv tests/data/cooc/to_lam_hanoi.txt
