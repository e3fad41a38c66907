#!/usr/bin/env bash
# entities_corpus.sh - tally entities --summary on the bundled corpus against
# the mention counts written down by reading every article
# (tests/data/entities/corpus_hand.csv: doc,entity,count; default types,
# demonyms included).  Prints precision and recall over mentions and fails
# unless both are 1.
set -eu
out=$TALLY_TMP/entities_corpus.csv
"$TALLY" entities --summary corpus/ >"$out"
python3 - tests/data/entities/corpus_hand.csv "$out" <<'PY'
import csv, sys
hand, got = {}, {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    hand[(r["doc"], r["entity"])] = int(r["count"])
for r in csv.DictReader(open(sys.argv[2], encoding="utf-8")):
    got[(r["doc"], r["entity"])] = int(r["count"])
tp = sum(min(hand.get(k, 0), v) for k, v in got.items())
nh, ng = sum(hand.values()), sum(got.values())
bad = 0
for k in sorted(set(hand) | set(got)):
    if hand.get(k, 0) != got.get(k, 0):
        print("differs:", k, "hand", hand.get(k, 0), "tally", got.get(k, 0))
        bad = 1
print(f"mentions: hand {nh}, tally {ng}, agreeing {tp}; "
      f"precision {tp / ng:.4f}, recall {tp / nh:.4f}")
sys.exit(bad)
PY
