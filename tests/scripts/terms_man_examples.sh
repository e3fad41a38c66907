#!/usr/bin/env bash
# Every example in the EXAMPLES section of the term tools' man pages (the
# lines between .EX and .EE) runs from the repository root: exit 0, nothing
# on stderr, a CSV header and at least one row on stdout.
set -eu
n=0
for page in man/tally-terms.1 man/tally-ngrams.1 man/tally-colloc.1 man/tally-keyness.1 \
            man/tally-kwic.1; do
	while IFS= read -r cmd; do
		cmd=${cmd//\\-/-}
		cmd=${cmd//\\(aq/\'}
		out=$(cd "$TALLY_ROOT" && PATH="$(dirname "$TALLY"):$PATH" bash -c "$cmd" 2>"$TALLY_TMP/ex.err") || {
			echo "$page: failed: $cmd"; cat "$TALLY_TMP/ex.err"; exit 1; }
		[ ! -s "$TALLY_TMP/ex.err" ] || { echo "$page: stderr: $cmd"; cat "$TALLY_TMP/ex.err"; exit 1; }
		[ "$(printf '%s\n' "$out" | wc -l)" -ge 2 ] || { echo "$page: no rows: $cmd"; exit 1; }
		n=$((n + 1))
	done < <(sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$page" | sed -n '/^\.EX/,/^\.EE/p' | grep '^tally ')
done
[ $n -ge 12 ]
echo "$n examples ran"
