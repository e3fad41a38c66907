# an entity name written in NFD in a hand-edited mention list is the same entity as its NFC spelling
tally tone --level entity --mentions tests/data/tone/mentions_nfd.csv tests/data/tone/to_lam.txt
