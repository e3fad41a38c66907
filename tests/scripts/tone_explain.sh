#!/usr/bin/env bash
# tone_explain.sh - tally tone's arithmetic checked independently: from the
# --explain rows (each contributing word's valence after the rules, and the
# punctuation emphasis), Python recomputes every sentence's sum, compound
# (x / sqrt(x^2 + 15)) and VADER's pos/neu/neg sift, then each document's
# mean and sd of sentence compounds and its GDELT-style columns, and compares
# them with --level sentence and --level document.
set -eu
T=$TALLY_TMP/tone_explain
mkdir -p "$T"
inputs=(corpus tests/data/tone/news.csv)
printf '%s\n\n' "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!" \
	"The plot was good, but the characters are uncompelling and the dialog is not great." \
	"Today only kinda sux! But I'll get by, lol" "Not bad at all??" \
	"Make sure you :) or :D today!" "Is it good???? No." >"$T/vader.txt"
inputs+=("$T/vader.txt")
for opt in "" "--names"; do
	$TALLY tone $opt --level sentence "${inputs[@]}" >"$T/sent.csv"
	$TALLY tone $opt --explain "${inputs[@]}" >"$T/explain.csv"
	$TALLY tone $opt --level document "${inputs[@]}" >"$T/doc.csv"
	python3 - "$T" <<'EOF'
import csv, math, sys, collections
T = sys.argv[1]
def close(a, b, what, tol=1e-8):
    if abs(a - b) > tol * max(1.0, abs(a), abs(b)):
        sys.exit(f"{what}: tally {a!r}, recomputed {b!r}")
ex = collections.defaultdict(list)
for r in csv.DictReader(open(f"{T}/explain.csv", encoding="utf-8")):
    ex[(r["doc"], r["sent"])].append(r)
docs = collections.defaultdict(list)
checked = 0
for r in csv.DictReader(open(f"{T}/sent.csv", encoding="utf-8")):
    rows = ex.pop((r["doc"], r["sent"]), [])
    words = [x for x in rows if x["lexicon"] != "NA"]
    punct = [x for x in rows if x["lexicon"] == "NA"]
    assert len(punct) <= 1
    amp = abs(float(punct[0]["valence"])) if punct else 0.0
    vals = [float(x["valence"]) for x in words]
    s = sum(vals)
    if s > 0: s += amp
    elif s < 0: s -= amp
    close(float(r["sum"]), s, f"{r['doc']} sentence {r['sent']} sum")
    c = s / math.sqrt(s * s + 15) if vals else 0.0
    close(float(r["compound"]), c, f"{r['doc']} sentence {r['sent']} compound")
    n = int(r["words"])
    pos = sum(v + 1 for v in vals if v > 0)
    neg = sum(v - 1 for v in vals if v < 0)
    neu = n - sum(1 for v in vals if v != 0)
    if pos > abs(neg): pos += amp
    elif pos < abs(neg): neg -= amp
    tot = pos + abs(neg) + neu
    for k, v in (("pos", pos), ("neu", neu), ("neg", neg)):
        close(float(r[k]), abs(v / tot) if n else 0.0, f"{r['doc']} sentence {r['sent']} {k}")
    npos = sum(1 for x in words if float(x["lexicon"]) > 0)
    nneg = sum(1 for x in words if float(x["lexicon"]) < 0)
    docs[r["doc"]].append((float(r["compound"]), n, npos, nneg,
                           float(r["pos"]), float(r["neu"]), float(r["neg"])))
    checked += 1
if ex:
    sys.exit(f"explanations for sentences that --level sentence does not have: {list(ex)[:3]}")
for r in csv.DictReader(open(f"{T}/doc.csv", encoding="utf-8")):
    d = docs.pop(r["doc"])
    cs = [x[0] for x in d]
    m = sum(cs) / len(cs)
    assert int(r["n"]) == len(cs)
    close(float(r["mean"]), m, f"{r['doc']} mean")
    if len(cs) > 1:
        sd = math.sqrt(sum((c - m) ** 2 for c in cs) / (len(cs) - 1))
        close(float(r["sd"]), sd, f"{r['doc']} sd")
    else:
        assert r["sd"] == "NA"
    assert r["ci_low"] == "NA" and r["ci_high"] == "NA"  # no --boot at this level
    for i, k in ((4, "pos"), (5, "neu"), (6, "neg")):
        close(float(r[k]), sum(x[i] for x in d) / len(d), f"{r['doc']} {k}")
    w = sum(x[1] for x in d)
    assert int(r["words"]) == w
    p = 100 * sum(x[2] for x in d) / w
    q = 100 * sum(x[3] for x in d) / w
    close(float(r["positive"]), p, f"{r['doc']} positive")
    close(float(r["negative"]), q, f"{r['doc']} negative")
    close(float(r["tone"]), p - q, f"{r['doc']} tone")
    close(float(r["polarity"]), p + q, f"{r['doc']} polarity")
assert not docs, docs.keys()
print(f"{checked} sentences checked")
EOF
done
