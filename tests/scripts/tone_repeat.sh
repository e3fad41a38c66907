#!/usr/bin/env bash
# tone_repeat.sh - the document score does not saturate: a document repeated
# 50 times (a blank line between the copies; or just the newline that ends a
# document whose last sentence ends with a period) has
# exactly the score of one copy (the mean of its sentence compounds), and the
# same pos/neu/neg and GDELT-style percentages; only n and words grow 50-fold.
# Scoring the whole document as one text (--unit document, VADER's way)
# does saturate: its compound moves towards +-1.
set -eu
T=$TALLY_TMP/tone_repeat
mkdir -p "$T"
python3 - "$T" <<'EOF'
import sys
T = sys.argv[1]
m = open("corpus/manifest.csv", encoding="utf-8").read().splitlines()[1].split(",")
doc = open("corpus/" + m[1], "rb").read()[int(m[2]):int(m[3])].strip() + b"\n"
open(f"{T}/x1.txt", "wb").write(doc)
open(f"{T}/x50.txt", "wb").write(b"\n".join([doc] * 50))
neg = b"The talks failed. Officials were angry and the deal is a disaster.\n"
open(f"{T}/n1.txt", "wb").write(neg)
open(f"{T}/n50.txt", "wb").write(b"".join([neg] * 50))
EOF
for f in x1 x50 n1 n50; do
	$TALLY tone --level document "$T/$f.txt" | tail -n 1 >"$T/$f.csv"
	$TALLY tone --level document --unit document "$T/$f.txt" | tail -n 1 >"$T/$f.whole.csv"
done
python3 - "$T" <<'EOF'
import sys
T = sys.argv[1]
cols = "doc,n,words,mean,sd,ci_low,ci_high,pos,neu,neg,tone,positive,negative,polarity".split(",")
def row(name):
    return dict(zip(cols, open(f"{T}/{name}").read().strip().split(",")))
for one, many in (("x1", "x50"), ("n1", "n50")):
    a, b = row(one + ".csv"), row(many + ".csv")
    for k in ("mean", "pos", "neu", "neg", "tone", "positive", "negative", "polarity"):
        assert a[k] == b[k], (one, many, k, a[k], b[k])
    assert int(b["n"]) == 50 * int(a["n"]) and int(b["words"]) == 50 * int(a["words"]), (a, b)
    assert abs(float(a["mean"])) < 0.95, a
    w1, w50 = float(row(one + ".whole.csv")["mean"]), float(row(many + ".whole.csv")["mean"])
    assert abs(w50) > abs(w1) and abs(w50) > 0.999, (one, w1, w50)
    print(f"{one}: mean {a['mean']} at 1x and 50x; one-text compound {w1:.4f} -> {w50:.6f}")
EOF
