#!/usr/bin/env bash
# bench/cg.sh - instruction counts (callgrind, stable under load) on a 10 MB
# slice of the benchmark corpus, for the commands docs/performance.md quotes.
#   CG_ONLY=regex   only the commands whose name matches
#   TALLY, TOKDRIVE the binaries (default bin/tally, build/tokdrive)
set -euo pipefail
cd "$(dirname "$0")/.."
only=${CG_ONLY:-.}
slice=bench/cache/c10.slice
[ -s bench/cache/c100.txt ] || bash bench/corpus.sh 100 bench/cache/c100.txt
[ -s $slice ] || head -c 10000000 bench/cache/c100.txt >$slice
tally=${TALLY:-bin/tally}
tokdrive=${TOKDRIVE:-build/tokdrive}
export TALLY_DATA=$PWD/data
cmds=(
	"tokenize|$tokdrive $slice"
	"tokenize+punct|$tokdrive -p $slice"
	"tally tokens|$tally tokens --quiet $slice"
	"tally terms|$tally terms --quiet --threads 1 $slice"
	"tally entities|$tally entities --quiet $slice"
	"tally tone|$tally tone --quiet --level document $slice"
)
mkdir -p build/cg
for c in "${cmds[@]}"; do
	name=${c%%|*}
	[[ $name =~ $only ]] || continue
	f=build/cg/$(echo "$name" | tr ' +' '_p').out
	ir=$(valgrind --tool=callgrind --callgrind-out-file="$f" ${c#*|} 2>&1 >/dev/null |
		sed -n 's/.*Collected : //p')
	printf '%-16s %6d M instructions  (%s)\n' "$name" $((ir / 1000000)) "$f"
done
