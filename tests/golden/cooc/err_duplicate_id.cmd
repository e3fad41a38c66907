tally cooc --mentions tests/data/dup/mentions.csv tests/data/dup/dup.csv
