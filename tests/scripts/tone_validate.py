#!/usr/bin/env python3
"""tone_validate.py - score VADER's human-rated sets with tally tone and compare.

usage: tone_validate.py TALLY EVALDIR [SET...] [--floor SET=R ...] [--column COL]

EVALDIR holds the sets of Hutto & Gilbert (2014), one snippet a line:
id<TAB>mean human rating (-4..4)<TAB>text.  Each snippet becomes one document
of a CSV corpus; `tally tone --level document --boot 0` scores it; the score
(column COL of tally's output, "mean" by default) is joined to the human mean
by id.  Printed per set: snippets, Pearson r against the human means, VADER's
r on the same file (its Python implementation, from the README of the eval
directory), and F1 of the positive class, where a snippet is truly positive
when its human mean is > 0 and predicted positive when its score is >= 0.05
(VADER's recommended threshold).  With --floor SET=R the exit status is 1 if
a set's r falls below R.  Standard library only.
"""
import csv
import math
import os
import subprocess
import sys
import tempfile

SETS = {
    "tweets": ("tweets_GroundTruth.txt", 0.872),
    "movie": ("movieReviewSnippets_GroundTruth.txt", 0.428),
    "product": ("amazonReviewSnippets_GroundTruth.txt", 0.590),
}


def pearson(x, y):
    n = len(x)
    mx = sum(x) / n
    my = sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    return sxy / math.sqrt(sxx * syy)


def f1_positive(truth, score, threshold=0.05):
    tp = fp = fn = 0
    for t, s in zip(truth, score):
        p = s >= threshold
        if p and t > 0:
            tp += 1
        elif p:
            fp += 1
        elif t > 0:
            fn += 1
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return 2 * prec * rec / (prec + rec) if prec + rec else 0.0


def read_set(path):
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            parts = line.split("\t", 2)
            if len(parts) != 3:
                sys.exit(f"{path}:{lineno}: expected id<TAB>rating<TAB>text")
            rows.append((parts[0], float(parts[1]), parts[2]))
    return rows


def score_set(tally, rows, column, extra):
    with tempfile.TemporaryDirectory() as tmp:
        corpus = os.path.join(tmp, "set.csv")
        with open(corpus, "w", encoding="utf-8", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["id", "text"])
            for rid, _, text in rows:
                w.writerow([rid, text])
        out = subprocess.run([tally, "tone", "--level", "document", "--boot", "0",
                              "--format", "csv"] + extra + [corpus],
                             check=True, capture_output=True, text=True).stdout
    scores = {}
    reader = csv.DictReader(out.splitlines())
    for rec in reader:
        v = rec[column]
        scores[rec["doc"]] = 0.0 if v == "NA" else float(v)
    return scores


def main(argv):
    args, floors, column, extra = [], {}, "mean", []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--floor":
            k, v = argv[i + 1].split("=")
            floors[k] = float(v)
            i += 2
        elif a == "--column":
            column = argv[i + 1]
            i += 2
        elif a == "--tally-arg":
            extra.append(argv[i + 1])
            i += 2
        else:
            args.append(a)
            i += 1
    if len(args) < 2:
        sys.exit(__doc__)
    tally, evaldir, names = args[0], args[1], args[2:] or list(SETS)
    ok = True
    print(f"{'set':<8} {'snippets':>8} {'r tally':>8} {'r VADER':>8} {'F1 tally':>8}  verdict")
    for name in names:
        fname, vader_r = SETS[name]
        rows = read_set(os.path.join(evaldir, fname))
        scores = score_set(tally, rows, column, extra)
        missing = [rid for rid, _, _ in rows if rid not in scores]
        if missing:
            sys.exit(f"{name}: tally gave no score for {len(missing)} snippets, e.g. {missing[0]}")
        truth = [r for _, r, _ in rows]
        pred = [scores[rid] for rid, _, _ in rows]
        r = pearson(truth, pred)
        f1 = f1_positive(truth, pred)
        verdict = "at least VADER" if round(r, 3) >= vader_r else "below VADER"
        if name in floors and r < floors[name]:
            verdict = f"BELOW FLOOR {floors[name]}"
            ok = False
        print(f"{name:<8} {len(rows):>8} {r:>8.4f} {vader_r:>8.3f} {f1:>8.3f}  {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
