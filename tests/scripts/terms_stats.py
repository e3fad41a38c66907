#!/usr/bin/env python3
"""Recompute every statistic of tally terms, ngrams, colloc and keyness from
the raw token stream (tally tokens --kind) and the documents' bytes, with the
Python standard library only, and compare with tally's CSV.

Independent parts: which tokens are terms, stopword gaps, where punctuation
breaks a sequence (any visible character between two tokens), n-grams,
window pairs, counts and document frequencies, per-million rates, tf-idf,
the 2x2 tables and every measure on them (G2 four-cell and two-term, chi2
with and without Yates, p-values as erfc(sqrt(x/2)), PMI, npmi, t, z, Dice,
logDice, log ratio, %DIFF), Benjamini-Hochberg, and the Zipf least-squares
fit with its standard error.  Only tokenization is taken from tally (it is
tested on its own in tests/golden/tokens).

Tolerance: reals agree to 1e-8 relative (tally prints 10 significant digits)
or 1e-12 absolute; counts and texts exactly.

usage: terms_stats.py TALLY ROOT
"""
import csv
import io
import math
import os
import subprocess
import sys
import unicodedata
from collections import Counter, defaultdict
from decimal import Decimal, localcontext

TALLY, ROOT = sys.argv[1], sys.argv[2]
REL, ABS = 1e-8, 1e-12
failures = 0
checks = 0


def tally(args):
    p = subprocess.run([TALLY] + args, cwd=ROOT, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if p.returncode != 0:
        sys.exit("tally %s failed: %s" % (" ".join(args), p.stderr.decode()))
    return list(csv.DictReader(io.StringIO(p.stdout.decode("utf-8"))))


def fail(what):
    global failures
    failures += 1
    if failures <= 30:
        print("MISMATCH", what)


def same(x, want, what):
    """Compare tally's field x (a string) with the value want."""
    global checks
    checks += 1
    if isinstance(want, str):
        if x != want:
            fail("%s: tally %r, expected %r" % (what, x, want))
        return
    if isinstance(want, int):
        if x != str(want):
            fail("%s: tally %s, expected %d" % (what, x, want))
        return
    if want is None or (isinstance(want, float) and math.isnan(want)):
        if x != "NA":
            fail("%s: tally %s, expected NA" % (what, x))
        return
    if math.isinf(want):
        if x != ("Inf" if want > 0 else "-Inf"):
            fail("%s: tally %s, expected %s" % (what, x, want))
        return
    try:
        v = float(x)
    except ValueError:
        fail("%s: tally %r is not a number (expected %r)" % (what, x, want))
        return
    if not (abs(v - want) <= ABS or abs(v - want) <= REL * abs(want)):
        fail("%s: tally %r, expected %.17g" % (what, x, want))


# ---- documents and tokens ------------------------------------------------------

def documents(operand):
    """id -> (bytes, metadata) for a manifest directory or a plain file."""
    docs = {}
    path = os.path.join(ROOT, operand)
    if os.path.isdir(path):
        with open(os.path.join(path, "manifest.csv"), encoding="utf-8") as f:
            for row in csv.DictReader(f):
                with open(os.path.join(path, row["path"]), "rb") as g:
                    data = g.read()
                a = int(row["start"]) if row.get("start") else 0
                b = int(row["end"]) if row.get("end") else len(data)
                meta = dict(row)
                if "date" in meta:
                    meta.setdefault("month", meta["date"][:7])
                docs[row["id"]] = (data[a:b], meta)
    else:
        with open(path, "rb") as g:
            docs[operand] = (g.read(), {"path": operand})
    return docs


def is_space(ch):
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf")


def token_stream(operand, extra=()):
    """Per document, in order: (doc, [(term text, kind, sent, break_before)]).
    break_before: a sentence change or a visible character (punctuation,
    symbol) between this token and the previous one."""
    docs = documents(operand)
    rows = tally(["tokens", "--kind"] + list(extra) + [operand])
    out = []
    cur, prev_end, prev_sent, seq = None, None, None, None
    for r in rows:
        if r["doc"] != cur:
            cur, prev_end, prev_sent, seq = r["doc"], None, None, []
            out.append((cur, seq))
        data = docs[cur][0]
        start, end, sent = int(r["start"]), int(r["end"]), int(r["sent"])
        brk = prev_end is None or sent != prev_sent
        punct = False
        if prev_end is not None:
            between = data[prev_end:start].decode("utf-8")
            punct = any(not is_space(ch) for ch in between)
        seq.append((r["token"], r["kind"], sent, brk, punct))
        prev_end, prev_sent = end, sent
    return docs, out


def load_stopwords():
    words = set()
    with open(os.path.join(ROOT, "data/stopwords-en.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if line:
                words.add(unicodedata.normalize("NFC", line.replace("\u2019", "'")).casefold())
    return words


def positions(seq, stop=(), clitics=False, numbers=True, cross_punct=False):
    """Turn a token sequence into runs of positions: a term, or None for a gap
    (stopword, or number without numbers).  The clitic is dropped as if absent
    (its break carries to the next token)."""
    runs, run = [], []
    carry = False
    for text, kind, sent, brk, punct in seq:
        b = brk or carry or (punct and not cross_punct)
        if kind == "clitic" and not clitics:
            carry = b
            continue
        carry = False
        if b and run:
            runs.append(run)
            run = []
        if text == "":
            continue
        if text in stop or (kind == "number" and not numbers):
            run.append(None)
        else:
            run.append(text)
    if run:
        runs.append(run)
    return runs


# ---- statistics ------------------------------------------------------------------

def chi2_q(x):
    return 1.0 if not x > 0 else math.erfc(math.sqrt(x / 2))


def g2_sum(cells, den):
    """2 sum o ln(o / e) over the cells (o, num) with e = num / den, all
    integers, in 50-digit decimal arithmetic: a float sum loses digits to
    cancellation when o is near e."""
    with localcontext() as ctx:
        ctx.prec = 50
        s = Decimal(0)
        for o, num in cells:
            if o > 0 and num > 0:
                s += Decimal(o) * (Decimal(o) * den / Decimal(num)).ln()
        return float(2 * s)


def table(o11, r1, c1, n):
    o = [o11, r1 - o11, c1 - o11, n - r1 - c1 + o11]
    num = [r1 * c1, r1 * (n - c1), (n - r1) * c1, (n - r1) * (n - c1)]
    e = [x / n for x in num]
    g2 = g2_sum(zip(o, num), n)
    chi2 = sum((a - b) ** 2 / b for a, b in zip(o, e) if b > 0)
    yates = sum(max(abs(a - b) - 0.5, 0) ** 2 / b for a, b in zip(o, e) if b > 0)
    return o, e, max(g2, 0.0), chi2, yates


def bh(p):
    m = len(p)
    order = sorted(range(m), key=lambda i: p[i])
    q = [0.0] * m
    run = 1.0
    for k in range(m - 1, -1, -1):
        i = order[k]
        run = min(run, p[i] * m / (k + 1))
        q[i] = run
    return q


# ---- the checks -------------------------------------------------------------------

def check_terms(operand, args=(), by=None, stop=(), **kw):
    docs, stream = token_stream(operand)
    counts = defaultdict(Counter)
    dfs = defaultdict(Counter)
    ndocs = Counter()
    for doc, seq in stream:
        g = docs[doc][1][by] if by else ""
        c = Counter(t for run in positions(seq, stop, **kw) for t in run if t is not None)
        counts[g].update(c)
        dfs[g].update(c.keys())
    for doc in docs:
        ndocs[docs[doc][1][by] if by else ""] += 1
    want = []
    for g in sorted(counts, key=lambda s: s.encode()):
        total = sum(counts[g].values())
        for t in sorted(counts[g], key=lambda s: (-counts[g][s], s.encode())):
            want.append((g, t, counts[g][t], dfs[g][t], counts[g][t] / total * 1e6,
                         counts[g][t] * math.log10(ndocs[g] / dfs[g][t])))
    rows = tally(["terms"] + list(args) + [operand])
    what = "terms %s %s" % (" ".join(args), operand)
    if len(rows) != len(want):
        fail("%s: %d rows, expected %d" % (what, len(rows), len(want)))
    for r, w in zip(rows, want):
        if by:
            same(r[by], w[0], what + " group")
        same(r["term"], w[1], what + " term")
        same(r["count"], w[2], what + " count " + w[1])
        same(r["docs"], w[3], what + " docs " + w[1])
        same(r["freq_per_million"], w[4], what + " freq_per_million " + w[1])
        same(r["tf_idf"], w[5], what + " tf_idf " + w[1])
    return counts


def check_zipf(operand):
    docs, stream = token_stream(operand)
    c = Counter(t for doc, seq in stream for run in positions(seq) for t in run)
    ranked = sorted(c, key=lambda s: (-c[s], s.encode()))
    hi = sum(1 for t in ranked if c[t] >= 2)
    xs = [math.log10(r) for r in range(1, hi + 1)]
    ys = [math.log10(c[ranked[r - 1]]) for r in range(1, hi + 1)]
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
    slope = sxy / sxx
    icept = my - slope * mx
    sse = sum((y - icept - slope * x) ** 2 for x, y in zip(xs, ys))
    sst = sum((y - my) ** 2 for y in ys)
    se = math.sqrt(sse / (n - 2) / sxx)
    rows = tally(["terms", "--zipf", operand])
    what = "terms --zipf " + operand
    if len(rows) != len(ranked):
        fail("%s: %d rows, expected %d" % (what, len(rows), len(ranked)))
    for i, r in enumerate(rows):
        same(r["rank"], i + 1, what + " rank")
        same(r["term"], ranked[i], what + " term")
        same(r["count"], c[ranked[i]], what + " count")
        same(r["fitted"], 10 ** (icept + slope * math.log10(i + 1)), what + " fitted")
        same(r["in_fit"], 1 if i + 1 <= hi else 0, what + " in_fit")
        same(r["exponent"], -slope, what + " exponent")
        same(r["exponent_se"], se, what + " exponent_se")
        same(r["intercept"], icept, what + " intercept")
        same(r["r_squared"], 1 - sse / sst, what + " r_squared")
        same(r["n_fit"], n, what + " n_fit")


def check_ngrams(operand, n, args=(), stop=(), **kw):
    docs, stream = token_stream(operand)
    c, df = Counter(), Counter()
    for doc, seq in stream:
        here = Counter()
        for run in positions(seq, stop, **kw):
            for i in range(len(run) - n + 1):
                g = run[i:i + n]
                if None not in g:
                    here[" ".join(g)] += 1
        c.update(here)
        df.update(here.keys())
    total = sum(c.values())
    want = sorted(c, key=lambda s: (-c[s], s.encode()))
    rows = tally(["ngrams", "-n", str(n)] + list(args) + [operand])
    what = "ngrams -n %d %s %s" % (n, " ".join(args), operand)
    if len(rows) != len(want):
        fail("%s: %d rows, expected %d" % (what, len(rows), len(want)))
    for r, g in zip(rows, want):
        same(r["ngram"], g, what + " ngram")
        same(r["count"], c[g], what + " count " + g)
        same(r["docs"], df[g], what + " docs " + g)
        same(r["freq_per_million"], c[g] / total * 1e6, what + " pm " + g)
    return c


def check_colloc(operand, window, min_count, args=(), stop=(), **kw):
    docs, stream = token_stream(operand)
    pairs = Counter()
    for doc, seq in stream:
        for run in positions(seq, stop, **kw):
            for j, b in enumerate(run):
                if b is None:
                    continue
                for k in range(1, window + 1):
                    if j - k >= 0 and run[j - k] is not None:
                        pairs[(run[j - k], b)] += 1
    n = sum(pairs.values())
    r1, c1 = Counter(), Counter()
    for (a, b), o in pairs.items():
        r1[a] += o
        c1[b] += o
    tested = [p for p in pairs if pairs[p] >= min_count]
    # BH over the tested pairs, in any order (ties get one q)
    res = {}
    for p in tested:
        o = pairs[p]
        cells, e, g2, chi2, _ = table(o, r1[p[0]], c1[p[1]], n)
        e11 = e[0]
        pmi = math.log2(o / e11)
        res[p] = dict(expected=e11, pmi=pmi,
                      npmi=1.0 if o >= n else pmi / -math.log2(o / n),
                      t=(o - e11) / math.sqrt(o), z=(o - e11) / math.sqrt(e11),
                      g2=-g2 if o < e11 else g2, g2_p=chi2_q(g2), chi2=chi2,
                      chi2_p=chi2_q(chi2), dice=2 * o / (r1[p[0]] + c1[p[1]]))
        res[p]["logdice"] = 14 + math.log2(res[p]["dice"])
    qs = bh([res[p]["g2_p"] for p in tested])
    for p, q in zip(tested, qs):
        res[p]["q"] = q
    want = sorted(tested, key=lambda p: (-res[p]["g2"], -pairs[p], p[0].encode(),
                                         p[1].encode()))
    rows = tally(["colloc", "--window", str(window), "--min-count", str(min_count)] +
               list(args) + [operand])
    what = "colloc --window %d %s %s" % (window, " ".join(args), operand)
    if len(rows) != len(want):
        fail("%s: %d rows, expected %d" % (what, len(rows), len(want)))
    for r, p in zip(rows, want):
        name = what + " " + " ".join(p)
        same(r["w1"], p[0], name + " w1")
        same(r["w2"], p[1], name + " w2")
        same(r["count"], pairs[p], name + " count")
        same(r["w1_count"], r1[p[0]], name + " w1_count")
        same(r["w2_count"], c1[p[1]], name + " w2_count")
        for k in ("expected", "pmi", "npmi", "t", "z", "g2", "g2_p", "chi2", "chi2_p",
                  "dice", "logdice", "q"):
            same(r[k], res[p][k], name + " " + k)
    return pairs


def check_keyness(operand, target, reference=None, min_count=1, args=(), stop=(),
                  two=None):
    """target, reference: functions of a document's metadata (and id)."""
    ca, cb = Counter(), Counter()
    if two:
        for side, op in ((ca, two[0]), (cb, two[1])):
            docs, stream = token_stream(op)
            for doc, seq in stream:
                side.update(t for run in positions(seq, stop) for t in run if t is not None)
        cmd = ["keyness"] + list(args) + list(two)
    else:
        docs, stream = token_stream(operand)
        for doc, seq in stream:
            meta = dict(docs[doc][1], id=doc)
            t = target(meta)
            r = reference(meta) if reference else not t
            if t:
                ca.update(x for run in positions(seq, stop) for x in run if x is not None)
            elif r:
                cb.update(x for run in positions(seq, stop) for x in run if x is not None)
        cmd = ["keyness"] + list(args) + [operand]
    c, d = sum(ca.values()), sum(cb.values())
    n = c + d
    terms = [t for t in set(ca) | set(cb) if ca[t] + cb[t] >= min_count]
    res = {}
    for t in terms:
        a, b = ca[t], cb[t]
        cells, e, g2, chi2, yates = table(a, a + b, c, n)
        g2t = g2_sum([(a, c * (a + b)), (b, d * (a + b))], n)
        # the four-cell G2 is the two-term G2 plus the (non-negative) G2 of
        # the "other terms" row: check the identity stated in tally-keyness(1)
        rest = g2_sum([(c - a, c * (n - a - b)), (d - b, d * (n - a - b))], n)
        if rest < -1e-9 or abs(g2 - (g2t + rest)) > 1e-9 * max(1.0, g2):
            fail("keyness %s: G2 %r != two-term %r + other row %r" % (t, g2, g2t, rest))
        sign = -1 if a / c < b / d else 1
        res[t] = dict(target_count=a, reference_count=b, target_pm=a / c * 1e6,
                      reference_pm=b / d * 1e6, g2=sign * g2, g2_p=chi2_q(g2),
                      g2_2term=sign * g2t, chi2=chi2, chi2_p=chi2_q(chi2),
                      chi2_yates=yates, chi2_yates_p=chi2_q(yates),
                      log_ratio=math.log2(((a or 0.5) / c) / ((b or 0.5) / d)),
                      pct_diff=(a / c - b / d) * 100 / (b / d) if b else math.inf)
    qs = bh([res[t]["g2_p"] for t in terms])
    for t, q in zip(terms, qs):
        res[t]["g2_q"] = q
    want = sorted(terms, key=lambda t: (-res[t]["g2"], t.encode()))
    rows = tally(cmd)
    what = " ".join(cmd)
    if len(rows) != len(want):
        fail("%s: %d rows, expected %d" % (what, len(rows), len(want)))
    for r, t in zip(rows, want):
        same(r["term"], t, what + " term")
        for k, v in res[t].items():
            same(r[k], v, what + " " + t + " " + k)
    return res


def collapse(b):
    return " ".join(b.decode("utf-8").split())


def check_kwic(operand, pattern, window, args=()):
    """Find the matches from the token stream and rebuild each context from
    the document's bytes (whitespace collapsed)."""
    import fnmatch
    docs = documents(operand)
    toks = tally(["tokens"] + list(args) + [operand])
    bydoc = defaultdict(list)
    for r in toks:
        bydoc[r["doc"]].append(r)
    pats = pattern.split()
    want = []
    for doc in docs:  # input order
        ws, data = bydoc.get(doc, []), docs[doc][0]
        for i in range(len(ws) - len(pats) + 1):
            m = ws[i:i + len(pats)]
            if len({w["sent"] for w in m}) != 1:
                continue
            if not all(fnmatch.fnmatchcase(w["token"], p) for w, p in zip(m, pats)):
                continue
            a, b = int(m[0]["start"]), int(m[-1]["end"])
            la = int(ws[i - window]["start"]) if i - window >= 0 else 0
            j = i + len(pats) - 1 + window
            rb = int(ws[min(j, len(ws) - 1)]["end"])
            want.append((doc, m[0]["para"], m[0]["sent"], str(a), str(b),
                         collapse(data[la:a]), collapse(data[a:b]), collapse(data[b:rb])))
    rows = tally(["kwic", "-w", str(window)] + list(args) + [pattern, operand])
    what = "kwic -w %d %s" % (window, pattern)
    if len(rows) != len(want):
        fail("%s: %d rows, expected %d" % (what, len(rows), len(want)))
    for r, w in zip(rows, want):
        got = (r["doc"], r["para"], r["sent"], r["start"], r["end"], r["left"], r["match"],
               r["right"])
        same(repr(got), repr(w), what)


def main():
    stop = load_stopwords()
    small, corpus = "tests/data/terms", "corpus"
    one = "tests/data/terms/d1.txt"  # a one-document corpus: every tf_idf is 0

    for op in (small, corpus, one):
        check_terms(op)
        check_terms(op, ["--stopwords", "en"], stop=stop)
    check_terms(small, ["--by", "month", "--stopwords", "en"], by="month", stop=stop)
    # group c holds one document with only stopwords: an empty group, no rows
    counts = check_terms(small, ["--by", "side", "--stopwords", "en"], by="side", stop=stop)
    assert "c" not in counts or not counts["c"], "group c should be empty"
    check_terms(corpus, ["--by", "kind"], by="kind")
    check_terms(small, ["--no-numbers"], numbers=False)
    check_terms(corpus, ["--clitics"], clitics=True)
    check_zipf(corpus)

    for n in (2, 3, 4):
        check_ngrams(small, n)
        check_ngrams(corpus, n)
    check_ngrams(corpus, 2, ["--stopwords", "en"], stop=stop)
    check_ngrams(corpus, 3, ["--cross-punct"], cross_punct=True)
    check_ngrams(small, 2, ["--clitics"], clitics=True)

    for w in (1, 2, 5):
        check_colloc(small, w, 1)
        check_colloc(corpus, w, 2)
    check_colloc(corpus, 3, 1, ["--stopwords", "en"], stop=stop)
    check_colloc(corpus, 1, 1, ["--cross-punct"], cross_punct=True)

    # a term absent from the reference (zero cell) and from the target, ties
    res = check_keyness(small, lambda m: m["side"] == "a", args=["--target", "side=a"])
    assert any(v["reference_count"] == 0 for v in res.values())
    assert any(v["target_count"] == 0 for v in res.values())
    check_keyness(small, lambda m: m["side"] == "a", lambda m: m["side"] == "b",
                  args=["--target", "side=a", "--reference", "side=b", "--stopwords", "en"],
                  stop=stop)
    check_keyness(corpus, lambda m: m["date"] >= "2026-02-01" and m["date"] != "",
                  lambda m: m["date"] != "" and m["date"] < "2026-02-01",
                  args=["--target", "date>=2026-02-01", "--reference", "date<2026-02-01"])
    check_keyness(corpus, lambda m: m["kind"] == "teaser", min_count=3,
                  args=["--target", "kind=teaser", "--min-count", "3"])
    check_keyness(corpus, lambda m: m["id"].startswith("003_"),
                  args=["--target", "003_*", "--stopwords", "en"], stop=stop)
    check_keyness(None, None, two=("tests/data/terms/d1.txt", "tests/data/terms/d3.txt"))

    for pat, w in (("peace", 5), ("the", 3), ("board of *", 4), ("vi*", 0), ("* 's", 2),
                   ("us", 40)):
        check_kwic(corpus, pat, w)
        check_kwic(small, pat, w)
    check_kwic(small, "peace", 2, ["--case", "keep"])

    print("%d values checked, %d mismatches" % (checks, failures))
    return 1 if failures else 0


sys.exit(main())
