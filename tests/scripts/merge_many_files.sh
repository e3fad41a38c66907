#!/usr/bin/env bash
# tally merge holds every partial open (a k-way merge): more partials than
# the soft limit on open files (often 1024, where the GNU parallel per-file
# recipe makes one partial per document file) still merge, to the single
# run's bytes, when the hard limit allows them (as sort(1) copes with many
# files).
set -eu
T=$TALLY_TMP/merge_many_files
rm -rf "$T"
mkdir -p "$T"
cd "$T"
hard=$(ulimit -Hn)
if [ "$hard" != unlimited ] && [ "$hard" -lt 400 ]; then
	echo "hard limit on open files $hard: too low to test"
	exit 0
fi
for i in $(seq 1 300); do
	printf 'Document %d speaks of word%d and more.\n' "$i" $((i % 7)) >d$i.txt
	tally terms --partial d$i.txt >p$i.csv
done
tally terms $(seq -f 'd%g.txt' 1 300) >want.csv
(
	ulimit -Sn 100
	tally merge $(seq -f 'p%g.csv' 1 300) >got.csv
)
cmp want.csv got.csv
echo ok
