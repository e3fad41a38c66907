#!/usr/bin/env python3
"""cooc_check.py MENTIONS TOKENS COOC CONTEXT K UNIVERSE MIN

Recompute tally cooc's table from tally entities' mentions and tally tokens'
tokens, independently of tally's code, and compare.  Used by cooc_stats.sh."""
import csv
import math
import sys
from collections import defaultdict
from decimal import Decimal, localcontext

ment_path, tok_path, cooc_path, ctx, K, universe, minab = sys.argv[1:8]
K, minab = int(K), int(minab)

docs = {}      # doc -> dict(T, sents, paras, start2index)
order = []
for r in csv.DictReader(open(tok_path, encoding="utf-8")):
    d = docs.get(r["doc"])
    if d is None:
        d = docs[r["doc"]] = {"T": 0, "sents": set(), "paras": set(), "idx": {}}
        order.append(r["doc"])
    i = int(r["index"])
    d["T"] = max(d["T"], i)
    d["sents"].add(int(r["sent"]))
    d["paras"].add(int(r["para"]))
    d["idx"][int(r["start"])] = i

ments = defaultdict(list)  # doc -> [(entity, para, sent, index)]
for r in csv.DictReader(open(ment_path, encoding="utf-8")):
    d = docs[r["doc"]]
    start = int(r["start"])
    # the token a mention starts in: the last token starting at or before it
    pos = max(i for s, i in d["idx"].items() if s <= start)
    ments[r["doc"]].append((r["entity"], int(r["para"]), int(r["sent"]), pos))

contexts = []  # list of sets of units, one per context
for doc in order:
    d, ms = docs[doc], ments[doc]
    if ctx == "window":
        T = d["T"]
        W = 0 if T == 0 else max(T - K + 1, 1)
        for w in range(1, W + 1):
            contexts.append({e for e, _, _, p in ms if w <= p <= w + K - 1})
    elif ctx == "document":
        contexts.append({e for e, _, _, _ in ms})
    else:
        key = 2 if ctx == "sentence" else 1
        ids = d["sents"] if ctx == "sentence" else d["paras"]
        for c in sorted(ids):
            contexts.append({m[0] for m in ms if m[key] == c})
if universe == "mentioned":
    contexts = [c for c in contexts if c]
n = len(contexts)
na = defaultdict(int)
nab = defaultdict(int)
for c in contexts:
    for a in c:
        na[a] += 1
    for a in c:
        for b in c:
            if a.encode() < b.encode():
                nab[(a, b)] += 1


def stats(o11, n1, n2, n):
    o = [o11, n1 - o11, n2 - o11, n - n1 - n2 + o11]
    rows, cols = [n1, n - n1], [n2, n - n2]
    e = [rows[0] * cols[0] / n, rows[0] * cols[1] / n, rows[1] * cols[0] / n,
         rows[1] * cols[1] / n]
    # 2 sum o ln(o / e) in 50-digit decimal arithmetic from the integer
    # counts (a float sum loses digits to cancellation when o is near e)
    num = [rows[0] * cols[0], rows[0] * cols[1], rows[1] * cols[0], rows[1] * cols[1]]
    with localcontext() as ctx:
        ctx.prec = 50
        g2 = float(2 * sum(Decimal(oi) * (Decimal(oi) * n / Decimal(ni)).ln()
                           for oi, ni in zip(o, num) if oi > 0 and ni > 0))
    pmi = math.log2(o11 / e[0])
    npmi = 1.0 if o11 == n else pmi / -math.log2(o11 / n)
    p = math.erfc(math.sqrt(g2 / 2)) if g2 > 0 else 1.0
    # written negative when the pair is seen less than chance (o11 < e11,
    # compared exactly: o11 n < n1 n2)
    sg2 = -g2 if o11 * n < n1 * n2 else g2
    return e[0], pmi, npmi, sg2, p, 2 * o11 / (n1 + n2)


pairs = sorted(nab)
ps = [stats(nab[k], na[k[0]], na[k[1]], n)[4] for k in pairs]
idx = sorted(range(len(ps)), key=lambda i: ps[i])
q = [0.0] * len(ps)
run = 1.0
for rank in range(len(idx), 0, -1):
    i = idx[rank - 1]
    run = min(run, ps[i] * len(ps) / rank)
    q[i] = run
want = {}
for k, qi in zip(pairs, q):
    if nab[k] >= minab:
        want[k] = (nab[k], na[k[0]], na[k[1]], n) + stats(nab[k], na[k[0]], na[k[1]], n) + (qi,)

got = {}
rows = list(csv.DictReader(open(cooc_path, encoding="utf-8")))
cols = ["n_ab", "n_a", "n_b", "n", "expected", "pmi", "npmi", "g2", "p", "dice", "q"]
for r in rows:
    got[(r["a"], r["b"])] = tuple(float(r[c]) for c in cols)
# rows: n_ab descending, then a, then b (bytes)
keys = [(-int(r["n_ab"]), r["a"].encode(), r["b"].encode()) for r in rows]
bad = 0
if keys != sorted(keys):
    print("rows are not sorted by n_ab desc, a, b")
    bad = 1
if set(got) != set(want):
    print("pairs differ: only tally", sorted(set(got) - set(want))[:5],
          "only python", sorted(set(want) - set(got))[:5])
    bad = 1
for k in sorted(set(got) & set(want)):
    for c, g, w in zip(cols, got[k], want[k]):
        if not math.isclose(g, w, rel_tol=1e-8, abs_tol=1e-300):
            print(f"{k} {c}: tally {g!r} python {w!r}")
            bad = 1
print(f"{ctx} K={K} {universe} min={minab}: n={n}, {len(want)} pairs, "
      f"{'ok' if not bad else 'MISMATCH'}")
sys.exit(bad)
