#!/usr/bin/env bash
# bench/speed.sh [RUNS] [FILE] - the one-core figures docs/performance.md
# quotes: wc -w, the tokenizer alone (bench/tokdrive.c, with and without
# punctuation tokens), tally tokens, terms, entities and tone, run in turns
# (round-robin, so that load from other work hits every command alike), the
# median of RUNS (default 7) per command, MB/s and the ratio to wc -w.
#
#   SPEED_ONLY=regex   only commands whose name matches (wc -w always runs)
#   TALLY=path         the tally binary (default bin/tally)
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
cmds=(
	"wc -w|wc -w $file"
	"tokenize|build/tokdrive $file"
	"tokenize+punct|build/tokdrive -p $file"
	"tally tokens|$tally tokens --quiet $file"
	"tally terms|$tally terms --quiet --threads 1 $file"
	"tally entities|$tally entities --quiet $file"
	"tally tone|$tally tone --quiet --level document $file"
)
sel=()
for c in "${cmds[@]}"; do
	name=${c%%|*}
	[[ $name == "wc -w" || $name =~ $only ]] && sel+=("$c")
done
python3 - "$runs" "$file" "${sel[@]}" <<'PY'
import os, statistics, subprocess, sys, time
runs, path, cmds = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
mb = os.path.getsize(path) / 1e6
names = [c.split("|", 1)[0] for c in cmds]
ts = {n: [] for n in names}
for _ in range(runs):
    for c in cmds:
        n, cmd = c.split("|", 1)
        t0 = time.perf_counter()
        r = subprocess.run(["bash", "-c", cmd + " >/dev/null"])
        ts[n].append(time.perf_counter() - t0)
        if r.returncode:
            sys.exit("speed: failed: " + cmd)
wc = statistics.median(ts["wc -w"])
print(f"{path}: {mb:.1f} MB, median of {runs} runs, in turns")
print(f"{'command':<16} {'seconds':>8} {'MB/s':>7} {'x wc -w':>8}")
for n in names:
    s = statistics.median(ts[n])
    print(f"{n:<16} {s:8.3f} {mb/s:7.1f} {wc/s:8.2f}")
PY
