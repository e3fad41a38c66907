#!/usr/bin/env bash
# bench/run.sh - time tally's tools against the Unix pipeline and peers, side
# by side, on reproducible corpora (bench/corpus.sh), and write
# analysis/bench.csv.
#
#   BENCH_SIZES="10 100 1000"  corpus sizes in MB (the default)
#   BENCH_RUNS=5               runs per command; the median is reported
#   BENCH_LARGE_RUNS=1         runs per command on corpora of 1000 MB or more,
#                              where the awk and Python baselines are skipped
#   BENCH_ONLY=regex           only commands whose name matches
#
# Every command reads the same file and writes to /dev/null ("csv" commands
# read the same text as a CSV corpus of ~3,000-byte documents, id,date,text,
# made by bench/csvcorpus.sh; their MB/s counts the text's MB).  Throughput is
# corpus MB (10^6 bytes) over the median wall-clock time; max RSS comes from
# one extra run under /usr/bin/time.  Ratios compare with `wc -w` and with the
# tr pipelines on the same file in the same run, so machine noise largely
# cancels.  Machines differ: quote ratios, not absolute MB/s.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sizes=${BENCH_SIZES:-10 100 1000}
runs_small=${BENCH_RUNS:-5}
runs_large=${BENCH_LARGE_RUNS:-1}
only=${BENCH_ONLY:-.}
tally=$root/bin/tally
cache=$root/bench/cache
mkdir -p "$cache" analysis
# C.UTF-8 for everything (wc -w is fastest there); the sort pipeline runs in
# the C locale as is usual for byte-order counting.
export LC_ALL=C.UTF-8

have() { command -v "$1" >/dev/null 2>&1; }
have python3 || { echo "bench: python3 is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: /usr/bin/time is needed (package time; make deps)" >&2; exit 1; }

# name|command ({} is the corpus file, {csv} the same as a CSV corpus).
# Tools that are not built yet are skipped, so the table grows as tally does.
commands=(
	"cat|cat {}"
	"wc -w|wc -w {}"
	"tr|tr -cs A-Za-z '\\n' < {} | tr A-Z a-z"
	"tr+sort+uniq|export LC_ALL=C; tr -cs A-Za-z '\\n' < {} | tr A-Z a-z | sort | uniq -c"
	"awk count|awk '{for (i = 1; i <= NF; i++) c[tolower(\$i)]++} END {for (w in c) print c[w], w}' {}"
	"python Counter|python3 -c 'import collections, re, sys; c = collections.Counter(m.group().lower() for m in re.finditer(rb\"[A-Za-z]+\", open(sys.argv[1], \"rb\").read())); [print(v, k) for k, v in c.items()]' {}"
	"tally tokens|$tally tokens --quiet {}"
	"tally terms|$tally terms --quiet --threads 1 {}"
	"tally terms -t2|$tally terms --quiet --threads 2 {}"
	"tally terms csv|$tally terms --quiet --threads 1 {csv}"
	"tally terms csv -t2|$tally terms --quiet --threads 2 {csv}"
	"tally entities|$tally entities --quiet {}"
	"tally tone|$tally tone --quiet --level document {}"
	"tally cooc|$tally cooc --quiet {}"
)

tool_exists() {  # "tally X" names need a built tool X
	case $1 in
	"tally "*) local t=${1#tally }; t=${t%% *}; "$tally" "$t" --help >/dev/null 2>&1 ;;
	*) return 0 ;;
	esac
}

median_time() {  # median wall-clock seconds of $runs runs of a shell command
	python3 - "$runs" "$1" <<'EOF'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2]
ts = []
for _ in range(runs):
    t0 = time.perf_counter()
    r = subprocess.run(["bash", "-c", cmd], stdout=subprocess.DEVNULL)
    ts.append(time.perf_counter() - t0)
    if r.returncode != 0:
        sys.exit("bench: command failed: " + cmd)
print(f"{statistics.median(ts):.4f}")
EOF
}

max_rss_mb() {
	/usr/bin/time -f %M bash -c "$1" 2>&1 >/dev/null | tail -n 1 | awk '{printf "%.1f", $1 / 1024}'
}

csv=analysis/bench.csv.tmp.$$
echo "command,corpus_mb,median_s,mb_per_s,max_rss_mb,x_wc_w,x_tr,x_tr_sort_uniq,x_tally_tokens" >"$csv"
for size in $sizes; do
	runs=$runs_small
	[ "$size" -ge 1000 ] && runs=$runs_large
	file=$cache/c$size.txt
	[ -s "$file" ] || bash bench/corpus.sh "$size" "$file"
	mb=$(python3 -c "import os; print(os.path.getsize('$file') / 1e6)")
	echo
	echo "corpus: $file ($mb MB), median of $runs runs"
	printf '%-20s %9s %9s %9s %8s %8s %8s %8s\n' command seconds MB/s RSS_MB x_wc-w x_tr x_sort x_tokens
	declare -A secs=()
	for entry in "${commands[@]}"; do
		name=${entry%%|*}
		cmd=${entry#*|}
		[[ $name =~ $only ]] || [[ $name == "wc -w" || $name == tr || $name == tr+sort+uniq ]] || continue
		[ "$size" -ge 1000 ] && [[ $name == "awk count" || $name == "python Counter" ]] && continue
		tool_exists "$name" || continue
		if [[ $cmd == *"{csv}"* ]]; then
			[ -s "$cache/c$size.csv" ] || bash bench/csvcorpus.sh "$file" "$cache/c$size.csv"
			cmd=${cmd//\{csv\}/$cache/c$size.csv}
		fi
		cmd=${cmd//\{\}/$file}
		s=$(median_time "$cmd >/dev/null")
		rss=$(max_rss_mb "$cmd >/dev/null")
		secs[$name]=$s
		read -r rate xw xt xs xk < <(python3 -c "
s=$s; mb=$mb
def r(b): return f'{b/s:.2f}' if b else '-'
print(f'{mb/s:.1f}', r(${secs[wc -w]:-0}), r(${secs[tr]:-0}), r(${secs[tr+sort+uniq]:-0}), r(${secs[tally tokens]:-0}))")
		printf '%-20s %9s %9s %9s %8s %8s %8s %8s\n' "$name" "$s" "$rate" "$rss" "$xw" "$xt" "$xs" "$xk"
		echo "\"$name\",$mb,$s,$rate,$rss,$xw,$xt,$xs,$xk" >>"$csv"
	done
	unset secs
done
mv "$csv" analysis/bench.csv
# a chart of throughput on the 100 MB corpus (or the largest under it), cat
# left out: it only measures the page cache
chart_mb=$(awk -F, 'NR > 1 { print $2 }' analysis/bench.csv | sort -n | uniq | awk '$1 <= 100.5' | tail -n 1)
if command -v gnuplot >/dev/null && [ -n "$chart_mb" ]; then
	awk -F, -v mb="$chart_mb" 'NR == 1 { print "command,mb_per_s"; next } $2 == mb && $1 != "\"cat\"" { print $1 "," $4 }' \
		analysis/bench.csv | { read -r h; echo "$h"; sort -t, -k2,2 -rn; } >analysis/bench_chart.csv
	mkdir -p plots
	for ext in png svg; do
		gnuplot -e "tally='$tally'; in='analysis/bench_chart.csv'; out='plots/bench.$ext'; label='command'; value='mb_per_s'; xlabel='MB/s (median of $runs_small runs; higher is faster)'; title='Throughput on the ${chart_mb} MB benchmark corpus, one core unless -t2'" plots/bar.gp
	done
	echo "chart: plots/bench.png, plots/bench.svg"
fi
echo
echo "x_* columns: throughput relative to wc -w, to tr|tr, to tr|tr|sort|uniq -c and to tally tokens (higher is faster)"
echo "written: analysis/bench.csv"
