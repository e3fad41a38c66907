#!/usr/bin/env bash
# bench/corpus.sh SIZE_MB OUT - build a reproducible benchmark corpus.
#
# The text is what Debian ships: the GNU Collaborative International
# Dictionary of English (package dict-gcide, /usr/share/dictd/gcide.dict.dz,
# ~40 MB of definitions and quotations, three invalid bytes replaced by
# U+FFFD) followed by the bundled news articles,
# repeated in this order until SIZE_MB megabytes (10^6 bytes), cut at a line
# boundary.  Same inputs, same bytes: the result's sha256 is printed.
set -euo pipefail
size_mb=$1
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
gcide=/usr/share/dictd/gcide.dict.dz
[ -r "$gcide" ] || { echo "bench/corpus.sh: $gcide missing; run make deps (package dict-gcide)" >&2; exit 1; }
want=$((size_mb * 1000000))
mkdir -p "$(dirname "$out")"
tmp=$out.tmp.$$
unit=$(dirname "$out")/unit.txt
if [ ! -s "$unit" ]; then
	# gcide has three stray Windows-1252 bytes; they become U+FFFD so that
	# the corpus is valid UTF-8 throughout
	{ zcat "$gcide" | python3 -c 'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8", "replace").encode())'
	  for _ in $(seq 1 200); do cat "$root"/corpus/*.txt; printf '\n\n'; done; } >"$unit.tmp.$$"
	mv "$unit.tmp.$$" "$unit"
fi
: >"$tmp"
have=0
while [ "$have" -lt "$want" ]; do
	cat "$unit" >>"$tmp"
	have=$(stat -c %s "$tmp")
done
head -c "$want" "$tmp" | python3 -c '
import sys
data = sys.stdin.buffer.read()
cut = data.rfind(b"\n") + 1  # end on a whole line
sys.stdout.buffer.write(data[:cut] if cut else data)' >"$tmp.cut"
rm -f "$tmp"
mv "$tmp.cut" "$out"
echo "$(basename "$out"): $(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16)" >&2
