#!/usr/bin/env bash
# entities_man_examples.sh - every example command in tally-entities(1) and
# tally-cooc(1) (the lines of .EX blocks that start with "tally" or "echo")
# runs and exits 0; /tmp in them is the test's scratch directory.
set -eu
n=0
for page in man/tally-entities.1 man/tally-cooc.1; do
	while IFS= read -r cmd; do
		cmd=${cmd//\\-/-}
		cmd=${cmd//\\e/\\}
		cmd=${cmd//\/tmp\//$TALLY_TMP/}
		echo "+ $cmd"
		bash -c "set -o pipefail; $cmd" >"$TALLY_TMP/example.out" ||
			{ echo "example failed: $cmd"; exit 1; }
		n=$((n + 1))
	done < <(awk '/^\.EX/{on=1; next} /^\.EE/{on=0} on && /^(tally|echo) /' "$page")
done
[ "$n" -ge 10 ] || { echo "only $n examples found"; exit 1; }
echo "$n examples ran"
