cd "$TALLY_TMP" && tally tone --partial --level sentence "$TALLY_ROOT/corpus" | sed "1s/,sentence/,sentxnce/" >edited2.csv && tally merge edited2.csv
