cd "$TALLY_TMP" && cat >ml.txt && tally kwic -w 1 "Hawai'i" ml.txt && tally kwic -w 1 "O'zbekiston" ml.txt && tally kwic -w 1 "Слов'янськ" ml.txt
