cd "$TALLY_TMP" && rm -rf fct && mkdir fct && printf 'text\nHello world.\nAnother.\n' >"fct/caf$(printf '\351').csv" && tally terms --threads 2 --by doc --lenient fct/*.csv | tally tsv
