#!/usr/bin/env bash
# tally merge: partial results of k shards (sets of whole documents, in order)
# merged give output byte-identical to one run over the whole corpus, for
# every tool with --partial and options that matter (--by, --stopwords, -n,
# --context, levels, bootstrap...).  Corpora: the bundled one through its
# manifest (k = 1, 2, 7) and a generated CSV corpus of 700 documents (k = 1,
# 2, 7).  Also: a merge of merges (merge --partial), the Hadoop Streaming
# contract (mapper per shard | LC_ALL=C sort | reducer) with one reducer and
# with three (their partial outputs sorted and reduced again).
set -eu
T=$TALLY_TMP/merge
rm -rf "$T"
mkdir -p "$T"
root=$TALLY_ROOT

# ---- corpora and shards ---------------------------------------------------------
python3 - "$root" "$T" <<'EOF'
import csv, os, sys, glob
root, T = sys.argv[1], sys.argv[2]
man = os.path.join(root, "corpus", "manifest.csv")
rows = list(csv.reader(open(man, encoding="utf-8", newline="")))
head, docs = rows[0], rows[1:]
pi = head.index("path")
for r in docs:
    r[pi] = os.path.join(root, "corpus", r[pi])
def shards(items, k):
    n = len(items)
    return [items[i * n // k:(i + 1) * n // k] for i in range(k)]
def write(path, head, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(head)
        w.writerows(rows)
write(f"{T}/bundled.csv", head, docs)
for k in (1, 2, 7):
    for i, s in enumerate(shards(docs, k)):
        write(f"{T}/bundled-{k}-{i}.csv", head, s)
# a bigger corpus: the bundled articles' paragraphs as 700 documents with
# dates and sources, some paragraphs joined, in a fixed order
paras = []
for p in sorted(glob.glob(os.path.join(root, "corpus", "*.txt"))):
    text = open(p, encoding="utf-8").read()
    paras += [x.strip() for x in text.split("\n\n") if x.strip()]
gen = []
for i in range(700):
    a = paras[(i * 7) % len(paras)]
    b = paras[(i * 13 + 5) % len(paras)]
    text = a if i % 3 else a + "\n\n" + b
    date = "2025-%02d-%02d" % (1 + i % 12, 1 + (i * 5) % 28)
    gen.append([f"g{i:04d}", date, ["VNA", "Reuters", "AP"][i % 3], text])
ghead = ["id", "date", "source", "text"]
write(f"{T}/gen.csv", ghead, gen)
for k in (1, 2, 7):
    for i, s in enumerate(shards(gen, k)):
        write(f"{T}/gen-{k}-{i}.csv", ghead, s)
EOF

fail() { echo "$*"; exit 1; }
checks=0

# check <tally> <corpus> <k> <tool> <args...>: partials per shard, merged,
# compared with the single run
check() {
	local X=$1 c=$2 k=$3 tool=$4
	shift 4
	local args=("$@") parts=() i fmt=csv
	[ "$c" = gen ] || fmt=manifest
	"$TALLY_PLAIN" "$tool" "${args[@]//@SHARD@/$T/$c}" --format $fmt "$T/$c.csv" \
		>"$T/want.csv" 2>/dev/null
	[ -s "$T/want.csv" ] || fail "$c $tool ${args[*]}: no output"
	for ((i = 0; i < k; i++)); do
		"$X" "$tool" "${args[@]//@SHARD@/$T/$c-$k-$i}" --format $fmt --partial \
			"$T/$c-$k-$i.csv" >"$T/part-$i.csv" 2>/dev/null ||
			fail "$c $tool ${args[*]}: --partial of shard $i failed"
		parts+=("$T/part-$i.csv")
	done
	"$X" merge "${parts[@]}" >"$T/got.csv" || fail "$c $tool ${args[*]} k=$k: merge failed"
	cmp -s "$T/want.csv" "$T/got.csv" ||
		{ diff "$T/want.csv" "$T/got.csv" | head; fail "$c $tool ${args[*]} k=$k: merge differs"; }
	checks=$((checks + 1))
	if [ "$k" = 7 ]; then
		# a merge of merges: shards 0-2 and 3-6 merged to partials first
		"$X" merge --partial "${parts[@]:0:3}" >"$T/m1.csv"
		"$X" merge --partial "${parts[@]:3}" >"$T/m2.csv"
		"$X" merge "$T/m1.csv" "$T/m2.csv" | cmp -s - "$T/want.csv" ||
			fail "$c $tool ${args[*]}: merge of merged partials differs"
		# Hadoop Streaming: a mapper per shard (as Hadoop sets
		# mapreduce_map_input_file), the shuffle's sort, one reducer
		for ((i = 0; i < k; i++)); do
			mapreduce_map_input_file=$T/$c-$k-$i.csv "$X" "$tool" \
				"${args[@]//@SHARD@/$T/$c-$k-$i}" --format $fmt --partial --streaming \
				$([ $fmt = csv ] || echo "$T/$c-$k-$i.csv") <"$T/$c-$k-$i.csv" 2>/dev/null
		done >"$T/mapped.txt"
		LC_ALL=C sort "$T/mapped.txt" >"$T/sorted.txt"
		"$X" merge --streaming <"$T/sorted.txt" | cmp -s - "$T/want.csv" ||
			fail "$c $tool ${args[*]}: streaming reduce differs"
		# three reducers, each getting the keys Hadoop's partitioner would
		# route to it (a hash of the key); their partials sorted and reduced
		awk -F'\t' -v d="$T" '{ h = 0; for (j = 1; j <= length($1); j++) h = (h * 31 + index("0123456789abcdefghijklmnopqrstuvwxyz", tolower(substr($1, j, 1)))) % 3; print > (d "/red" h ".txt") }' "$T/sorted.txt"
		for r in 0 1 2; do
			touch "$T/red$r.txt"
			"$X" merge --streaming --partial <"$T/red$r.txt" >"$T/out$r.txt" ||
				fail "$c $tool ${args[*]}: reducer $r failed"
		done
		cat "$T/out0.txt" "$T/out1.txt" "$T/out2.txt" | LC_ALL=C sort |
			"$X" merge --streaming | cmp -s - "$T/want.csv" ||
			fail "$c $tool ${args[*]}: three reducers, merged again, differ"
		rm -f "$T"/red?.txt
		checks=$((checks + 3))
	fi
}

# entity mentions per shard (and of the whole), for tone --level entity
for c in bundled gen; do
	fmt=csv
	[ "$c" = gen ] || fmt=manifest
	"$TALLY_PLAIN" entities --format $fmt "$T/$c.csv" >"$T/$c.ments.csv"
	for k in 1 2 7; do
		for ((i = 0; i < k; i++)); do
			"$TALLY_PLAIN" entities --format $fmt "$T/$c-$k-$i.csv" >"$T/$c-$k-$i.ments.csv"
		done
	done
done

configs=(
	"terms"
	"terms --by date --stopwords en"
	"terms --zipf"
	"terms --by source --top 5 --min-count 2 --stem --no-numbers"
	"ngrams -n 2"
	"ngrams -n 3 --stopwords en --by month"
	"ngrams --cross-punct --top 20"
	"entities"
	"entities --summary"
	"entities --discover"
	"entities --capitals --no-demonyms --short-anywhere --excel-safe"
	"cooc"
	"cooc --context paragraph"
	"cooc --by date --min 2"
	"cooc --terms --context document"
	"cooc --terms --stopwords en --min-count 2"
	"cooc --window 10 --universe mentioned"
	"cooc --format matrix --value npmi --top 8"
	"tone"
	"tone --level sentence --text"
	"tone --level paragraph -B 50"
	"tone --level group --by source -B 300 --seed 3"
	"tone --level group --by month,source"
	"tone --level entity --mentions @SHARD@.ments.csv --by month"
	"tone --level entity --mentions @SHARD@.ments.csv --context window:5"
	"tone --explain --names"
)
for cfg in "${configs[@]}"; do
	read -r -a a <<<"$cfg"
	for k in 1 2 7; do
		check "$TALLY" bundled "$k" "${a[@]}"
		check "$TALLY_PLAIN" gen "$k" "${a[@]}"
	done
	echo "ok $cfg"
done

# cooc --format gephi writes its nodes table too
"$TALLY_PLAIN" cooc --format gephi --nodes "$T/nodes-want.csv" --format csv "$T/gen.csv" >"$T/want.csv"
for i in 0 1; do
	"$TALLY_PLAIN" cooc --format gephi --nodes "$T/nodes-got.csv" --format csv --partial \
		"$T/gen-2-$i.csv" >"$T/part-$i.csv"
done
"$TALLY" merge "$T/part-0.csv" "$T/part-1.csv" >"$T/got.csv"
cmp "$T/want.csv" "$T/got.csv" && cmp "$T/nodes-want.csv" "$T/nodes-got.csv" ||
	fail "cooc --format gephi: merge differs"
echo "ok $((checks + 1)) byte-identity checks"
