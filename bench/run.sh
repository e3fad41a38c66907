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
# made by bench/csvcorpus.sh; their MB/s counts the text's MB).  The commands
# of a corpus run in turns (round-robin: every round runs each once), so that
# load from elsewhere on the machine falls on all of them alike.  Throughput is
# corpus MB (10^6 bytes) over the median wall-clock time; max RSS comes from
# one extra run under /usr/bin/time.  A ratio (x_* columns) is the median over
# the rounds of the baseline's time over the command's time in that round: a
# command and the baseline it is held against ran minutes apart at most, side
# by side, so noise that comes and goes largely cancels.  Machines differ:
# quote ratios, not absolute MB/s.
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
	"wc -w x2|wc -w {} & wc -w {}; wait"
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

# Run the commands (name|command lines on stdin) in turns, $1 rounds; print
# for each "name<TAB>median seconds<TAB>x_wc_w<TAB>x_tr<TAB>x_sort<TAB>x_tokens",
# the ratios being medians of per-round ratios ("-" without that baseline),
# then "#NAME -t2: Rx NAME ..." for each two-thread command and its one-thread
# twin, their ratio found the same way, and the speedup of two wc -w run at
# once over one ("wc -w x2", which has no row of its own).
time_in_turns() {
	python3 -c '
import statistics, subprocess, sys, time
runs = int(sys.argv[1])
cmds = [l.rstrip("\n").split("|", 1) for l in sys.stdin if l.strip()]
ts = {n: [] for n, _ in cmds}
for _ in range(runs):
    for name, cmd in cmds:
        t0 = time.perf_counter()
        r = subprocess.run(["bash", "-c", cmd + " >/dev/null"], stdout=subprocess.DEVNULL)
        ts[name].append(time.perf_counter() - t0)
        if r.returncode != 0:
            sys.exit("bench: command failed: " + cmd)
def x(base, name):
    if base not in ts:
        return "-"
    return "%.2f" % statistics.median(b / t for b, t in zip(ts[base], ts[name]))
for name, _ in cmds:
    if name.endswith(" x2"):
        continue
    print("\t".join([name, "%.4f" % statistics.median(ts[name])] +
                    [x(b, name) for b in ("wc -w", "tr", "tr+sort+uniq", "tally tokens")]))
# two threads against one, the same way
for name, _ in cmds:
    if name.endswith(" -t2") and name[:-4] in ts:
        print("#%s: %sx %s (median of per-round ratios)" % (name, x(name[:-4], name), name[:-4]))
# the same work twice, one after the other against both at once: what two
# cores give on this machine, the ceiling for -t2
if "wc -w x2" in ts:
    print("#two wc -w at once: %.2fx the work per second of one (median of per-round "
          "ratios; the most two threads can give here)" %
          statistics.median(2 * b / t for b, t in zip(ts["wc -w"], ts["wc -w x2"])))
' "$1"
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
	echo "corpus: $file ($mb MB), median of $runs runs in turns"
	printf '%-20s %9s %9s %9s %8s %8s %8s %8s\n' command seconds MB/s RSS_MB x_wc-w x_tr x_sort x_tokens
	sel=()
	for entry in "${commands[@]}"; do
		name=${entry%%|*}
		cmd=${entry#*|}
		[[ $name =~ $only ]] || [[ $name == "wc -w" || $name == "wc -w x2" || $name == tr || $name == tr+sort+uniq ]] || continue
		[ "$size" -ge 1000 ] && [[ $name == "awk count" || $name == "python Counter" ]] && continue
		tool_exists "$name" || continue
		if [[ $cmd == *"{csv}"* ]]; then
			[ -s "$cache/c$size.csv" ] || bash bench/csvcorpus.sh "$file" "$cache/c$size.csv"
			cmd=${cmd//\{csv\}/$cache/c$size.csv}
		fi
		sel+=("$name|${cmd//\{\}/$file}")
	done
	notes=()
	while IFS=$'\t' read -r name s xw xt xs xk; do
		if [[ $name == "#"* ]]; then
			notes+=("${name#\#}")
			continue
		fi
		for entry in "${sel[@]}"; do
			[ "${entry%%|*}" = "$name" ] && cmd=${entry#*|}
		done
		rss=$(max_rss_mb "$cmd >/dev/null")
		rate=$(python3 -c "print(f'{$mb / $s:.1f}')")
		printf '%-20s %9s %9s %9s %8s %8s %8s %8s\n' "$name" "$s" "$rate" "$rss" "$xw" "$xt" "$xs" "$xk"
		echo "\"$name\",$mb,$s,$rate,$rss,$xw,$xt,$xs,$xk" >>"$csv"
	done < <(printf '%s\n' "${sel[@]}" | time_in_turns "$runs")
	[ ${#notes[@]} -eq 0 ] || printf '%s\n' "${notes[@]}"
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
