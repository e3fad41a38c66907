#!/usr/bin/env bash
# bench/csvcorpus.sh TXT OUT - the benchmark corpus TXT (bench/corpus.sh) as a
# CSV corpus of many documents, the shape news archives usually come in:
# id,date,text, a document every ~3,000 bytes of paragraphs (cut at blank
# lines, or at a line end in a longer paragraph), dates cycling over 2026.
# Same input, same bytes.
set -euo pipefail
txt=$1
out=$2
python3 - "$txt" "$out.tmp.$$" <<'PY'
import csv, datetime, sys
src, dst = sys.argv[1], sys.argv[2]
start = datetime.date(2026, 1, 1)
with open(src, encoding="utf-8", newline="") as f, open(dst, "w", encoding="utf-8", newline="") as g:
    w = csv.writer(g, lineterminator="\n")
    w.writerow(["id", "date", "text"])
    n, doc, size = 0, [], 0
    def emit():
        global n, doc, size
        if doc:
            n += 1
            w.writerow([f"d{n:07d}", (start + datetime.timedelta(days=(n - 1) % 365)).isoformat(), "".join(doc)])
        doc, size = [], 0
    for line in f:
        doc.append(line)
        size += len(line.encode("utf-8"))
        if size >= 3000 and (line == "\n" or size >= 6000):
            emit()
    emit()
PY
mv "$out.tmp.$$" "$out"
echo "$(basename "$out"): $(stat -c %s "$out") bytes, sha256 $(sha256sum "$out" | cut -c1-16)" >&2
