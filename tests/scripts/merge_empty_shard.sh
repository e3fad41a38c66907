#!/usr/bin/env bash
# A shard may hold no document (a day without news: a CSV corpus of only its
# header) or an empty text file (one document without text): its --partial
# run succeeds, and the merge of all the shards' partials equals the single
# run over all of them, which accepts such a shard among others.  Also as a
# Hadoop Streaming mapper (empty standard input).
set -eu
T=$TALLY_TMP/merge_empty_shard
rm -rf "$T"
mkdir -p "$T"
cd "$T"
python3 - "$TALLY_ROOT" <<'PY'
import csv, glob, os, sys
root = sys.argv[1]
paras = []
for p in sorted(glob.glob(os.path.join(root, "corpus", "*.txt"))):
    paras += [x.strip() for x in open(p, encoding="utf-8").read().split("\n\n") if x.strip()]
head = ["id", "date", "text"]
def write(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)
rows = [["d%02d" % i, "2026-%02d-01" % (1 + i % 3), paras[i % len(paras)]] for i in range(30)]
write("a.csv", rows[:15])
write("h.csv", [])
write("b.csv", rows[15:])
for i in range(3):
    open("d%d.txt" % i, "w", encoding="utf-8").write(paras[i] + "\n")
open("d1b.txt", "w").close()
PY
n=0
for tool in "terms" "terms --by month --top 3" "ngrams -n 2" "entities" "entities --summary" \
	"entities --discover" "cooc" "tone" "tone --level group --by month" "tone --level sentence"; do
	read -r -a a <<<"$tool"
	# a CSV shard of only its header, first and in the middle
	"$TALLY_PLAIN" "${a[@]}" a.csv h.csv b.csv >want.csv
	for s in a h b; do
		"$TALLY" "${a[@]}" --partial $s.csv >p$s.csv ||
			{ echo "$tool --partial of shard $s.csv failed"; exit 1; }
	done
	"$TALLY" merge pa.csv ph.csv pb.csv | cmp -s - want.csv ||
		{ echo "$tool: merge with a header-only shard differs"; exit 1; }
	"$TALLY" merge ph.csv pa.csv pb.csv | cmp -s - want.csv ||
		{ echo "$tool: merge with a header-only shard first differs"; exit 1; }
	# an empty text file among the shards (one document without text;
	# text files have no month)
	t=("${a[@]/#month/path}")
	"$TALLY_PLAIN" "${t[@]}" d0.txt d1.txt d1b.txt d2.txt >want.csv
	for s in d0 d1 d1b d2; do
		"$TALLY" "${t[@]}" --partial $s.txt >p$s.csv ||
			{ echo "${t[*]} --partial of $s.txt failed"; exit 1; }
	done
	"$TALLY" merge pd0.csv pd1.csv pd1b.csv pd2.csv | cmp -s - want.csv ||
		{ echo "${t[*]}: merge with an empty-file shard differs"; exit 1; }
	# Hadoop Streaming: a mapper for the header-only file
	for s in a h b; do
		mapreduce_map_input_file=$s.csv "$TALLY_PLAIN" "${a[@]}" --partial --streaming \
			--format csv <$s.csv
	done | LC_ALL=C sort | "$TALLY" merge --streaming >got.csv
	"$TALLY_PLAIN" "${a[@]}" a.csv h.csv b.csv | cmp -s - got.csv ||
		{ echo "$tool: streaming with a header-only shard differs"; exit 1; }
	# every shard empty: the merge fails as the single run over them does
	# (in a partial merged on, or through Hadoop Streaming, too)
	fails() {  # fails WHAT PATTERN COMMAND...
		local what=$1 pat=$2
		shift 2
		if "$@" >out.csv 2>err.txt; then echo "$tool: $what succeeded, wanted an error"; exit 1; fi
		grep -q "$pat" err.txt || { echo "$tool: $what: wanted \"$pat\", got:"; cat err.txt; exit 1; }
		[ ! -s out.csv ] || { echo "$tool: $what wrote output"; cat out.csv; exit 1; }
	}
	fails "a single run over header-only CSVs" "no documents in any input" \
		"$TALLY_PLAIN" "${a[@]}" h.csv h.csv
	fails "the merge of header-only shards" "no documents in any input" "$TALLY" merge ph.csv ph.csv
	"$TALLY" merge --partial ph.csv ph.csv >phh.csv
	fails "the merge of a merged partial of header-only shards" "no documents in any input" \
		"$TALLY" merge phh.csv
	fails "a single run over empty files" "empty input" "$TALLY_PLAIN" "${t[@]}" d1b.txt d1b.txt
	fails "the merge of empty-file shards" "empty input" "$TALLY" merge pd1b.csv pd1b.csv
	for s in h h; do
		"$TALLY_PLAIN" "${a[@]}" --partial --streaming --format csv <$s.csv
	done | LC_ALL=C sort >hh.tsv
	fails "streaming over header-only shards" "no documents in any input" \
		"$TALLY" merge --streaming hh.tsv
	n=$((n + 9))
done
# a single run over nothing is still an error; so is an empty directory
mkdir emptydir
for cmd in "terms h.csv" "terms --partial emptydir"; do
	read -r -a a <<<"$cmd"
	if "$TALLY" "${a[@]}" >/dev/null 2>err.txt; then
		echo "tally $cmd: succeeded, wanted an error"
		exit 1
	fi
done
# cooc from a mention list alone reads no input: its partial merges as the
# single run succeeds (the merge must not say "no documents")
"$TALLY" entities -o m.csv a.csv
"$TALLY_PLAIN" cooc --mentions m.csv --universe mentioned >want.csv
"$TALLY" cooc --mentions m.csv --universe mentioned --partial >pm.csv
"$TALLY" merge pm.csv | cmp -s - want.csv || { echo "cooc --mentions alone: merge differs"; exit 1; }
# a partial of an earlier tally has no Z0 record: nothing is known of its
# input, so the merge checks nothing (its documents are not "none")
"$TALLY" terms --partial h.csv >ph.csv
grep -v '^Z0,' ph.csv | sed 's/^tally-partial-end,\([0-9]*\)$/tally-partial-end,X\1/' >old.csv
total=$(grep -c '' old.csv)
sed -i "s/^tally-partial-end,X.*/tally-partial-end,$((total - 2))/" old.csv
"$TALLY" merge old.csv ph.csv >/dev/null || { echo "merge of a partial without Z0 failed"; exit 1; }
"$TALLY" merge --partial old.csv ph.csv >mo.csv
if grep -q '^Z0,' mo.csv; then echo "merge --partial of a partial without Z0 wrote Z0"; exit 1; fi
n=$((n + 3))
echo "ok $n checks with empty shards"
