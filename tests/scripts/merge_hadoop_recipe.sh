#!/usr/bin/env bash
# The Hadoop Streaming recipe of tally-merge(1), run as written (its command
# blocks, in order) against a stand-in for `hadoop` that does what Hadoop
# Streaming does with the lines: a mapper per input file (with
# mapreduce_map_input_file set), each mapper line cut at its first TAB into
# key and value (the whole line is the key when it has no TAB), the keys
# partitioned among the reducers and sorted by bytes, and each reducer line
# cut again and written by TextOutputFormat as key TAB value, so that a
# line without a TAB gains one at its end.  The recipe's final output must
# be the single run's CSV, byte for byte.
set -eu
T=$TALLY_TMP/merge_hadoop_recipe
rm -rf "$T"
mkdir -p "$T/bin" "$T/hdfs/news/csv"
cd "$T"
python3 - "$TALLY_ROOT" <<'PY'
import csv, glob, os, sys
paras = []
for p in sorted(glob.glob(os.path.join(sys.argv[1], "corpus", "*.txt"))):
    paras += [x.strip() for x in open(p, encoding="utf-8").read().split("\n\n") if x.strip()]
for day in range(4):
    with open("hdfs/news/csv/2025-0%d.csv" % (day + 1), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "date", "text"])
        for i in range(6):
            w.writerow(["d%d%d" % (day, i), "2025-0%d-1%d" % (day + 1, i),
                        paras[(day * 6 + i) % len(paras)]])
PY
cat >bin/hadoop <<'SH'
#!/usr/bin/env bash
# hadoop fs -cat PATH... | hadoop jar JAR [-D k=v] -input I -output O -mapper M -reducer R [-combiner C] [-numReduceTasks N]
set -eu
H=$HADOOP_LOCAL_ROOT
if [ "$1" = fs ]; then
	shift 2
	for p in "$@"; do cat $H$p; done
	exit 0
fi
shift 2
n=1 comb=
while [ $# -gt 0 ]; do
	case $1 in
	-D) shift 2 ;;
	-input) in=$2; shift 2 ;;
	-output) out=$2; shift 2 ;;
	-mapper) map=$2; shift 2 ;;
	-reducer) red=$2; shift 2 ;;
	-combiner) comb=$2; shift 2 ;;
	-numReduceTasks) n=$2; shift 2 ;;
	*) echo "hadoop stand-in: $1?" >&2; exit 2 ;;
	esac
done
mkdir -p "$H$out"
w=$(mktemp -d)
for f in "$H$in"/*; do
	mapreduce_map_input_file=hdfs://nn$in/${f##*/} mapreduce_map_input_start=0 \
		bash -c "$map" <"$f" >"$w/map.out"
	# the key is up to the first TAB; the reducer gets key TAB value
	awk -F'\t' -v n="$n" -v w="$w" 'BEGIN { for (i = 0; i < 256; i++) ord[sprintf("%c", i)] = i }
	{ k = $1; v = index($0, "\t") ? substr($0, length(k) + 2) : ""
	  h = 0; for (i = 1; i <= length(k); i++) h = (h * 31 + ord[substr(k, i, 1)]) % n
	  print k "\t" v >> (w "/part" h) }' "$w/map.out"
done
for ((r = 0; r < n; r++)); do
	touch "$w/part$r"
	LC_ALL=C sort -t"$(printf '\t')" -k1,1 "$w/part$r" | bash -c "$red" |
		awk '{ print index($0, "\t") ? $0 : $0 "\t" }' >"$H$out/$(printf 'part-%05d' $r)"
done
rm -rf "$w"
SH
chmod +x bin/hadoop
export PATH=$T/bin:$PATH HADOOP_LOCAL_ROOT=$T/hdfs
# the recipe's command blocks, as the man page writes them
awk '/^\.SH HADOOP STREAMING/ { on = 1; next } /^\.SH/ { on = 0 }
	on && /^\.nf/ { blk = 1; next } on && /^\.fi/ { blk = 0; print "#--"; next }
	on && blk' "$TALLY_ROOT/man/tally-merge.1" |
	sed -e 's/\\e/\\/g' -e 's/\\-/-/g' >recipe.sh
grep -q '^hadoop jar' recipe.sh || { echo "no Hadoop recipe in tally-merge(1)"; exit 1; }
set -o pipefail
bash -eu -o pipefail recipe.sh >got.csv
# the final CSV: where the recipe writes it, else its standard output
[ ! -e terms.csv ] || mv terms.csv got.csv
tally terms --format csv --by month hdfs/news/csv/*.csv >want.csv
cmp want.csv got.csv || { echo "the Hadoop recipe's output differs from the single run"; diff want.csv got.csv | head -5 | cat -A; exit 1; }
echo ok
