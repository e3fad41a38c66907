cd "$TALLY_TMP" && rm -rf fcd && mkdir fcd && printf 'text\nHello world.\n' >"fcd/caf$(printf '\351').csv" && tally tokens fcd/*.csv
