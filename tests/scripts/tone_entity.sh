#!/usr/bin/env bash
# tone_entity.sh - tally tone --level entity checked against a join done in
# Python.  The mentions' own words carry no valence, so Python first blanks
# them in a copy of the corpus (every ASCII letter of a mention becomes v or
# V, keeping offsets and case), then:
#   sentence context: scores the copy with --level sentence and, per entity,
#     averages the compounds of the sentences holding a mention's first byte
#     (each sentence once per entity), counting sentences, documents and
#     mentions;
#   window:K: cuts, from --level-free `tally tokens` offsets, each mention's
#     window (from the K-th word before its first word to just before the
#     K+1-th word after its last, or the end of the document), scores every
#     window as one text (--unit document) and averages per entity.
set -eu
T=$TALLY_TMP/tone_entity
mkdir -p "$T"
M=tests/data/tone/mentions.csv
C=tests/data/tone/news.csv
# a long document too, with mentions far apart (the window buffer is trimmed)
python3 - "$T" "$M" "$C" <<'EOF'
import csv, sys, random
T, M, C = sys.argv[1:4]
ments = list(csv.DictReader(open(M, encoding="utf-8")))
rows = list(csv.DictReader(open(C, encoding="utf-8")))
rnd = random.Random(5)
words = ("the talks were good but the weather was not bad at all and people said "
         "nothing happened while markets fell sharply amid great fear").split()
parts, pos = [], 0
for i in range(30000):
    w = rnd.choice(words)
    if i % 4999 == 17 or i in (12001, 12003):
        w = "Hanoi"
        ments.append({"doc": "long", "para": "", "sent": "", "start": str(pos),
                      "end": str(pos + 5), "surface": w, "entity": "Hanoi", "type": "city",
                      "code": "", "match": "exact"})
    sep = ". " if i % 23 == 22 else (", " if i % 7 == 6 else " ")
    parts.append(w + sep)
    pos += len(w) + len(sep)
rows.append({"id": "long", "date": "2025-03-01", "text": "".join(parts)})
with open(f"{T}/news.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "date", "text"])
    for r in rows:
        w.writerow([r["id"], r["date"], r["text"]])
with open(f"{T}/mentions.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.DictWriter(f, fieldnames="doc,para,sent,start,end,surface,entity,type,code,match".split(","),
                       lineterminator="\n")
    w.writeheader()
    w.writerows(ments)
with open(f"{T}/masked.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "date", "text"])
    for r in rows:
        b = bytearray(r["text"].encode())
        for m in ments:
            if m["doc"] == r["id"]:
                for i in range(int(m["start"]), int(m["end"])):
                    c = b[i]
                    if 65 <= c <= 90: b[i] = ord("V")
                    elif 97 <= c <= 122: b[i] = ord("v")
        w.writerow([r["id"], r["date"], b.decode()])
EOF
M=$T/mentions.csv
C=$T/news.csv
$TALLY tone --level sentence "$T/masked.csv" >"$T/sent.csv"
$TALLY tokens "$T/masked.csv" >"$T/tokens.csv"
$TALLY tone --level entity --mentions $M $C >"$T/ent.csv"
for k in 0 2 5 700; do
	$TALLY tone --level entity --context window:$k --mentions $M $C >"$T/win$k.csv"
done
python3 - "$T" "$M" <<'EOF'
import csv, sys, subprocess, collections, os
csv.field_size_limit(1 << 30)
T, M = sys.argv[1:3]
tally = os.environ["TALLY"]
ments = list(csv.DictReader(open(M, encoding="utf-8")))
def close(a, b, what):
    if abs(a - b) > 1e-9 * max(1.0, abs(b)):
        sys.exit(f"{what}: tally {a!r}, python {b!r}")
def compare(path, expect, label):
    got = list(csv.DictReader(open(path, encoding="utf-8")))
    assert [g["entity"] for g in got] == sorted(expect), (label, [g["entity"] for g in got])
    for g in got:
        e = expect[g["entity"]]
        for k in ("n", "docs", "mentions", "words"):
            assert int(g[k]) == e[k], (label, g["entity"], k, g[k], e[k])
        close(float(g["mean"]), e["mean"], f"{label} {g['entity']} mean")

# sentence context
sents = list(csv.DictReader(open(f"{T}/sent.csv", encoding="utf-8")))
acc = collections.defaultdict(lambda: {"units": {}, "mentions": 0})
for m in ments:
    s = [r for r in sents if r["doc"] == m["doc"] and int(r["start"]) <= int(m["start"]) < int(r["end"])]
    assert len(s) == 1, m
    a = acc[m["entity"]]
    a["mentions"] += 1
    a["units"][(m["doc"], s[0]["sent"])] = s[0]
expect = {}
for e, a in acc.items():
    u = list(a["units"].values())
    expect[e] = {"n": len(u), "docs": len({r["doc"] for r in u}), "mentions": a["mentions"],
                 "words": sum(int(r["words"]) for r in u),
                 "mean": sum(float(r["compound"]) for r in u) / len(u)}
compare(f"{T}/ent.csv", expect, "sentence")

# windows
toks = collections.defaultdict(list)
for r in csv.DictReader(open(f"{T}/tokens.csv", encoding="utf-8")):
    toks[r["doc"]].append((int(r["index"]), int(r["start"]), int(r["end"])))
texts = {r["id"]: r["text"].encode() for r in csv.DictReader(open(f"{T}/masked.csv", encoding="utf-8"))}
for k in (0, 2, 5, 700):
    spans = []
    for m in ments:
        t = toks[m["doc"]]
        s, e = int(m["start"]), int(m["end"])
        over = [x for x in t if x[1] < e and x[2] > s]
        first, last = over[0][0], over[-1][0]
        lo = max(1, first - k)
        begin = [x for x in t if x[0] == lo][0][1]
        after = [x for x in t if x[0] == last + k + 1]
        end = after[0][1] if after else len(texts[m["doc"]])
        spans.append((m, texts[m["doc"]][begin:end].decode()))
    with open(f"{T}/windows{k}.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "text"])
        for i, (m, text) in enumerate(spans):
            w.writerow([f"w{i}", text])
    out = subprocess.run([tally, "tone", "--unit", "document", f"{T}/windows{k}.csv"],
                         check=True, capture_output=True, text=True).stdout
    scored = {r["doc"]: r for r in csv.DictReader(out.splitlines())}
    acc = collections.defaultdict(list)
    for i, (m, text) in enumerate(spans):
        acc[m["entity"]].append((m["doc"], scored[f"w{i}"]))
    expect = {e: {"n": len(v), "docs": len({d for d, _ in v}), "mentions": len(v),
                  "words": sum(int(r["words"]) for _, r in v),
                  "mean": sum(float(r["mean"]) for _, r in v) / len(v)} for e, v in acc.items()}
    compare(f"{T}/win{k}.csv", expect, f"window:{k}")
print("entity level checked")
EOF
