#!/usr/bin/env bash
# bench/outdiff.sh BASE_TALLY [FILE...] - the outputs of the tools whose speed
# docs/performance.md measures, from another build (BASE_TALLY, e.g. a copy of
# bin/tally made before a change) and from bin/tally, compared byte for byte
# on FILEs (default: a 10 MB slice of the benchmark corpus and corpus/).
set -euo pipefail
cd "$(dirname "$0")/.."
base=$1
shift
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(bench/cache/c10.slice corpus)
export TALLY_DATA=$PWD/data
make -s bin/tally
status=0
while IFS= read -r cmd; do
	[ -n "$cmd" ] || continue
	a=$("$base" $cmd --quiet "${files[@]}" 2>&1 | md5sum)
	b=$(bin/tally $cmd --quiet "${files[@]}" 2>&1 | md5sum)
	if [ "$a" = "$b" ]; then echo "same    $cmd"; else echo "DIFFERS $cmd"; status=1; fi
done <<'CMDS'
tokens
tokens --sentences
tokens --kind --case keep
tokens --fold-diacritics
terms --threads 1
ngrams -n 3
entities
entities --capitals
entities --discover
entities --summary --short-anywhere
entities --no-demonyms
tone
tone --level sentence
tone --level sentence --explain
tone --level paragraph --names
cooc
CMDS
exit $status
