cd "$TALLY_TMP" && rm -rf bad && mkdir -p bad/sub && printf 'ok \377\n' >bad/sub/a.txt && tally terms bad
