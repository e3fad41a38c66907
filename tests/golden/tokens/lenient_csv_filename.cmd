cd "$TALLY_TMP" && rm -rf fcl && mkdir fcl && printf 'text\nHello world.\nAnother.\n' >"fcl/caf$(printf '\351').csv" && tally tokens --lenient fcl/*.csv | tally tsv
