cd "$TALLY_TMP" && rm -rf fnl && mkdir fnl && printf 'Hello world.\n' >"fnl/caf$(printf '\351').txt" && printf 'Another.\n' >fnl/b.txt && tally tokens --lenient fnl | tally tsv
