#!/usr/bin/env bash
# bench/speed.sh [RUNS] [FILE] - the one-core figures docs/performance.md
# quotes: wc -w, the tokenizer alone (bench/tokdrive.c, with and without
# punctuation tokens), tally tokens, terms (one and two threads, and on the
# same text as a CSV corpus, bench/csvcorpus.sh), entities and tone, run in turns
# (round-robin, so that load from other work hits every command alike), the
# median of RUNS (default 7) per command, MB/s and the ratio to wc -w.
#
#   SPEED_ONLY=regex   only commands whose name matches (wc -w always runs)
#   TALLY=path         the tally binary (default bin/tally)
#   BASE_TALLY=path    also time another build's tally (e.g. a copy made
#                      before a change), each command next to its base run
#   BASE_TOKDRIVE=path and another build's bench/tokdrive
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
file=${2:-bench/cache/c100.txt}
tally=${TALLY:-bin/tally}
only=${SPEED_ONLY:-.}
[ -s "$file" ] || bash bench/corpus.sh 100 "$file"
make -s bin/tally
mkdir -p build
cc -std=c11 -O2 -g -D_GNU_SOURCE -o build/tokdrive bench/tokdrive.c build/obj/lib/*.o \
	$(pkg-config --libs libutf8proc gsl 2>/dev/null || echo -lutf8proc -lgsl -lgslcblas) \
	-lcsv -lstemmer -lm -lpthread
export LC_ALL=C.UTF-8
export TALLY_DATA=$PWD/data
cmds=("wc -w|wc -w $file")
add() {  # name, command with @T@ for tally and @D@ for tokdrive
	local name=$1 cmd=$2 b
	if [[ $cmd == *@D@* && -n ${BASE_TOKDRIVE:-} ]] || [[ $cmd == *@T@* && -n ${BASE_TALLY:-} ]]; then
		b=${cmd//@T@/${BASE_TALLY:-}}
		cmds+=("$name (base)|${b//@D@/${BASE_TOKDRIVE:-}}")
	fi
	b=${cmd//@T@/$tally}
	cmds+=("$name|${b//@D@/build/tokdrive}")
}
add "tokenize" "@D@ $file"
add "tokenize+punct" "@D@ -p $file"
add "tally tokens" "@T@ tokens --quiet $file"
add "tally terms" "@T@ terms --quiet --threads 1 $file"
add "tally terms -t2" "@T@ terms --quiet --threads 2 $file"
csv=${file%.txt}.csv  # the same text as a CSV corpus of many documents
if [[ "tally terms csv" =~ $only ]]; then
	[ -s "$csv" ] || bash bench/csvcorpus.sh "$file" "$csv"
	add "tally terms csv" "@T@ terms --quiet --threads 1 $csv"
	add "tally terms csv -t2" "@T@ terms --quiet --threads 2 $csv"
fi
add "tally entities" "@T@ entities --quiet $file"
add "tally tone" "@T@ tone --quiet --level document $file"
sel=()
for c in "${cmds[@]}"; do
	name=${c%%|*}
	[[ $name == "wc -w" || $name =~ $only ]] && sel+=("$c")
done
python3 - "$runs" "$file" "${sel[@]}" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, path, cmds = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
mb = os.path.getsize(path) / 1e6
names = [c.split("|", 1)[0] for c in cmds]
wall = {n: [] for n in names}
cpu = {n: [] for n in names}
def used():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime
for _ in range(runs):
    for c in cmds:
        n, cmd = c.split("|", 1)
        c0, t0 = used(), time.perf_counter()
        r = subprocess.run(["bash", "-c", cmd + " >/dev/null"])
        wall[n].append(time.perf_counter() - t0)
        cpu[n].append(used() - c0)
        if r.returncode:
            sys.exit("speed: failed: " + cmd)
load = os.getloadavg()[0]
print(f"{path}: {mb:.1f} MB, median of {runs} runs in turns, load average {load:.1f}")
print("wall: elapsed time; cpu: user+system time of the command (less sensitive to other load)")
print(f"{'command':<27} {'wall s':>7} {'MB/s':>7} {'x wc -w':>8} {'cpu s':>7} {'MB/s':>7} {'x wc -w':>8}")
ww, wc = statistics.median(wall["wc -w"]), statistics.median(cpu["wc -w"])
for n in names:
    w, c = statistics.median(wall[n]), statistics.median(cpu[n])
    print(f"{n:<27} {w:7.3f} {mb/w:7.1f} {ww/w:8.2f} {c:7.3f} {mb/c:7.1f} {wc/c:8.2f}")
PY
