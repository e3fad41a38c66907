# corpus/ holds the seeds byte-identical, and manifest.csv's byte ranges are
# right: article 1 leaves out exactly the inline date marker, article 2 ends
# before "See more", each teaser is caption + headline + summary with the
# headline as its title, and together the ranges and the excluded bytes cover
# each file with no overlap.
set -eu
for f in corpus/*.txt; do
	if [ -d ../shared/seeds ]; then cmp "$f" "../shared/seeds/$(basename "$f")"; fi
done
python3 - <<'PY'
import csv, sys
rows = list(csv.DictReader(open("corpus/manifest.csv", encoding="utf-8")))
fails = []
def ok(c, m):
    if not c: fails.append(m)
ok(len(rows) == 12, f"{len(rows)} documents, expected 12")
ids = [r["id"] for r in rows]
ok(len(set(ids)) == len(ids), "duplicate ids")
by_file = {}
for r in rows:
    data = open("corpus/" + r["path"], "rb").read()
    s, e = int(r["start"]), int(r["end"])
    text = data[s:e].decode("utf-8")
    by_file.setdefault(r["path"], []).append((s, e))
    ok(text == text.strip(), f"{r['id']}: range has surrounding whitespace")
    if r["kind"] == "teaser":
        paras = text.split("\n\n")
        ok(len(paras) == 3, f"{r['id']}: {len(paras)} paragraphs, expected 3")
        ok(paras[1] == r["title"], f"{r['id']}: title is not the headline paragraph")
        ok("Photo" in paras[0], f"{r['id']}: first paragraph is not a photo caption")
        if r["date"]:
            ok(r["date_basis"] == "caption", f"{r['id']}: date without caption basis")
    if r["date_basis"] == "lead":
        # the date is the day the sentence after the dateline names
        import datetime
        d = datetime.date.fromisoformat(r["date"])
        lead = [p for p in text.split("\n\n") if "(VNA) \u2013" in p]
        ok(len(lead) == 1 and f"on {d:%B} {d.day}," in lead[0], f"{r['id']}: no lead sentence gives {r['date']}")
    ok(r["date_basis"] in ("marker", "lead", "caption", ""), f"{r['id']}: date basis {r['date_basis']!r}")
    for k in ("date",):
        ok(r[k] == "" or (len(r[k]) == 10 and r[k][4] == "-"), f"{r['id']}: bad date {r[k]}")
a1 = open("corpus/000_0574877f8ca1529b.txt", "rb").read()
ok(a1[:17] == b" date 2026-02-21 ", "article 1 does not start with the date marker")
a2 = open("corpus/003_b3b9f51542850bb4.txt", "rb").read()
for path, ranges in by_file.items():
    data = open("corpus/" + path, "rb").read()
    ranges.sort()
    pos = 0
    for s, e in ranges:
        ok(s >= pos, f"{path}: overlapping ranges at {s}")
        gap = data[pos:s].decode()
        ok(gap.strip() in ("", "date 2026-02-21", "See more"), f"{path}: bytes {pos}-{s} left out: {gap!r}")
        pos = e
    ok(data[pos:].strip() == b"", f"{path}: text after the last range")
for f in fails: print("FAIL:", f)
print(f"{len(rows)} documents checked")
sys.exit(1 if fails else 0)
PY
