#!/usr/bin/env bash
# Every example in the EXAMPLES section of the term tools' man pages runs
# (from the repository root, exit 0, some CSV on stdout).
set -eu
n=0
for page in man/tally-terms.1 man/tally-ngrams.1 man/tally-colloc.1 man/tally-keyness.1 \
            man/tally-kwic.1; do
	# the lines of EXAMPLES that start with "tally", roff escapes undone
	while IFS= read -r cmd; do
		cmd=${cmd//\\-/-}
		cmd=${cmd//\\(aq/\'}
		cmd=${cmd// -o zipf.csv/ -o $TALLY_TMP/zipf.csv}
		out=$(cd "$TALLY_ROOT" && PATH="$(dirname "$TALLY"):$PATH" bash -c "$cmd") || {
			echo "$page: failed: $cmd"; exit 1; }
		case $cmd in
		*" -o "*) [ -s "$TALLY_TMP/zipf.csv" ] ;;
		*) [ "$(printf '%s\n' "$out" | wc -l)" -ge 2 ] || { echo "$page: no rows: $cmd"; exit 1; } ;;
		esac
		n=$((n + 1))
	done < <(sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$page" | grep '^tally ')
done
[ $n -ge 12 ]
echo "$n examples ran"
