#!/usr/bin/env bash
# A tone partial with as many --by columns as a partial may hold (37 key
# fields at the group level) merges to the single run's bytes, as a CSV
# partial and as a stream (the CSV reader once refused more than 16 keys).
set -eu
T=$TALLY_TMP/merge_wide_keys
rm -rf "$T"
mkdir -p "$T"
cd "$T"
python3 - <<'PY'
import csv
w = csv.writer(open("many.csv", "w", newline=""), lineterminator="\n")
w.writerow(["id", "text"] + ["c%02d" % i for i in range(40)])
for i in range(40):
    w.writerow(["d%d" % i, "Good day %d. Bad night!" % i] + [str((i >> (j % 20)) & 1) for j in range(40)])
PY
for nb in 1 16 17 35; do
	by=$(seq -f 'c%02g' 0 $((nb - 1)) | paste -sd, -)
	tally tone --level group --by "$by" -B 10 many.csv >want.csv
	tally tone --level group --by "$by" -B 10 --partial many.csv >p.csv
	tally merge p.csv | cmp - want.csv
	tally tone --level group --by "$by" -B 10 --partial --streaming many.csv |
		LC_ALL=C sort | tally merge --streaming | cmp - want.csv
done
# more columns than a partial holds are refused when the partial is written
by=$(seq -f 'c%02g' 0 39 | paste -sd, -)
if tally tone --level group --by "$by" --partial many.csv >p.csv 2>err.txt; then
	echo "40 --by columns: a partial was written"; exit 1
fi
grep -q 'too many --by columns for a partial result' err.txt
echo ok
