#!/usr/bin/env bash
# tone_boot.sh - the bootstrap intervals of tally tone reproduced in Python:
# GSL's gsl_rng_mt19937 seeded with S is the standard MT19937 initialized by
# init_genrand(S), which Python's random module runs once given the state;
# gsl_rng_uniform_int(r, n) draws k = x / (0xffffffff // n) until k < n;
# each resample's mean is the sum of n draws in order divided by n; the
# percentiles are gsl_stats_quantile_from_sorted_data's linear
# interpolation.  Group means and intervals over sentence compounds (from
# --level sentence) must match --level group exactly; values are summed and
# resampled in ascending order (so that merged partials agree with a single
# run).
set -eu
T=$TALLY_TMP/tone_boot
mkdir -p "$T"
$TALLY tone --level sentence corpus tests/data/tone/news.csv >"$T/sent.csv"
$TALLY tone --level group --by month --boot 300 --seed 42 corpus tests/data/tone/news.csv \
	>"$T/group.csv"
$TALLY tone --level document --boot 200 --seed 7 corpus >"$T/doc.csv"
python3 - "$T" <<'EOF'
import csv, random, sys, collections
T = sys.argv[1]

def mt_state(seed):
    seed = seed or 4357
    mt = [seed & 0xffffffff]
    for i in range(1, 624):
        mt.append((1812433253 * (mt[-1] ^ (mt[-1] >> 30)) + i) & 0xffffffff)
    return (3, tuple(mt) + (624,), None)

def boot(x, B, seed):
    rng = random.Random()
    rng.setstate(mt_state(seed))
    n = len(x)
    scale = 0xffffffff // n
    means = []
    for _ in range(B):
        s = 0.0
        for _ in range(n):
            while True:
                k = rng.getrandbits(32) // scale
                if k < n:
                    break
            s += x[k]
        means.append(s / n)
    means.sort()
    def q(f):
        idx = f * (B - 1)
        lhs = int(idx)
        d = idx - lhs
        return means[lhs] if lhs == B - 1 else (1 - d) * means[lhs] + d * means[lhs + 1]
    return q(0.025), q(0.975)

def close(a, b, what):
    if abs(a - b) > 1e-9 * max(1.0, abs(b)):
        sys.exit(f"{what}: tally {a!r}, python {b!r}")

month = {}
for r in csv.DictReader(open("corpus/manifest.csv", encoding="utf-8")):
    month[r["id"]] = r["date"][:7]
for r in csv.DictReader(open("tests/data/tone/news.csv", encoding="utf-8")):
    month[r["id"]] = r["date"][:7]
groups = collections.defaultdict(list)
docs = collections.defaultdict(list)
for r in csv.DictReader(open(f"{T}/sent.csv", encoding="utf-8")):
    groups[month[r["doc"]]].append(float(r["compound"]))
    docs[r["doc"]].append(float(r["compound"]))
n = 0
for r in csv.DictReader(open(f"{T}/group.csv", encoding="utf-8")):
    x = sorted(groups.pop(r["month"]))
    assert int(r["n"]) == len(x)
    close(float(r["mean"]), sum(x) / len(x), r["month"] + " mean")
    lo, hi = boot(x, 300, 42)
    close(float(r["ci_low"]), lo, r["month"] + " ci_low")
    close(float(r["ci_high"]), hi, r["month"] + " ci_high")
    n += 1
assert not groups and n == 5, (n, groups)
for r in csv.DictReader(open(f"{T}/doc.csv", encoding="utf-8")):
    x = sorted(docs[r["doc"]])
    lo, hi = boot(x, 200, 7)
    close(float(r["ci_low"]), lo, r["doc"] + " ci_low")
    close(float(r["ci_high"]), hi, r["doc"] + " ci_high")
    n += 1
print(n, "intervals reproduced")
EOF
