cd "$TALLY_TMP" && rm -rf fnd && mkdir fnd && printf 'Hello world.\n' >"fnd/caf$(printf '\351').txt" && tally tokens fnd
