#!/usr/bin/env bash
# bench/scale.sh [SIZE_MB] [SHARDS] - the figures of docs/scaling.md: the
# throughput per core of each tool's --partial run, and the cost (time, max
# RSS, partial sizes) of merging SHARDS partials of a SIZE_MB corpus.
#
# The corpus is bench/corpus.sh's text (dict-gcide prose and the bundled
# articles) cut into documents of about 4 KB at line ends, with a date and a
# source, as SHARDS CSV corpora in bench/cache/scale-SIZE/ (outside git).
# Prints a table and writes analysis/scale.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-100}
k=${2:-7}
tally=$PWD/bin/tally
dir=bench/cache/scale-$size
mkdir -p "$dir" analysis
[ -s "bench/cache/corpus-$size.txt" ] || bash bench/corpus.sh "$size" "bench/cache/corpus-$size.txt"
if [ ! -s "$dir/shard-$((k - 1)).csv" ]; then
	python3 - "bench/cache/corpus-$size.txt" "$dir" "$k" <<'EOF'
import csv, sys
src, out, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(src, encoding="utf-8").read()
docs, start, i = [], 0, 0
while start < len(data):
    end = data.find("\n", start + 4000)
    end = len(data) if end < 0 else end + 1
    docs.append((f"d{i:08d}", "2025-%02d-%02d" % (1 + i % 12, 1 + i % 28),
                 ["VNA", "Reuters", "AP"][i % 3], data[start:end]))
    start, i = end, i + 1
n = len(docs)
for s in range(k):
    with open(f"{out}/shard-{s}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "date", "source", "text"])
        w.writerows(docs[s * n // k:(s + 1) * n // k])
EOF
fi
tools=(
	"terms --by month"
	"ngrams -n 2"
	"entities"
	"cooc"
	"tone --level group --by month"
)
echo "tool,shard_mb,partial_s,mb_per_s,partial_rss_mb,partial_mb,merge_k,merge_s,merge_rss_mb" >analysis/scale.csv
printf '%-30s %9s %9s %11s %10s %6s %8s %9s\n' tool "MB/s/core" "RSS MB" "partial MB" "k" "merge s" "merge RSS" ""
for t in "${tools[@]}"; do
	name=${t%% *}
	parts=()
	tot_s=0
	for ((i = 0; i < k; i++)); do
		f=$dir/shard-$i.csv
		/usr/bin/time -f "%e %M" -o "$dir/time" $tally $t $(case $name in terms|ngrams) echo --threads 1;; esac) --format csv --partial "$f" \
			>"$dir/$name-$i.part" 2>/dev/null
		read -r s rss <"$dir/time"
		[ "$i" = 0 ] && { s0=$s; rss0=$rss; mb0=$(stat -c %s "$f"); }
		parts+=("$dir/$name-$i.part")
	done
	/usr/bin/time -f "%e %M" -o "$dir/time" $tally merge "${parts[@]}" >"$dir/$name.out"
	read -r ms mrss <"$dir/time"
	pmb=$(du -cb "${parts[@]}" | tail -n 1 | cut -f 1)
	python3 - "$t" "$mb0" "$s0" "$rss0" "$pmb" "$k" "$ms" "$mrss" <<'EOF' | tee -a analysis/scale.csv >/dev/null
import sys
t, mb, s, rss, pmb, k, ms, mrss = sys.argv[1:]
mb = int(mb) / 1e6
print(f"{t},{mb:.1f},{float(s):.2f},{mb / float(s):.2f},{int(rss) / 1024:.0f},"
      f"{int(pmb) / 1e6:.1f},{k},{float(ms):.2f},{int(mrss) / 1024:.0f}")
EOF
	tail -n 1 analysis/scale.csv | awk -F, '{ printf "%-30s %9s %9s %11s %10s %6s %8s %9s\n", $1, $4, $5, $6, $7, $8, $9, "" }'
done
