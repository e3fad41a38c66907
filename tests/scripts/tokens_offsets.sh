# Property: for every token, the document's bytes [start, end) normalized
# independently (Python: NFC, apostrophes to U+0027, str.casefold) equal the
# token column; indexes run 1..n; paragraphs, sentences and offsets never go
# backwards.  Checked on the bundled corpus (through its manifest, so offsets
# are relative to each byte range) and on the tricky-cases file.
set -eu
python3 - <<'PY'
import csv, io, subprocess, sys, unicodedata
def norm(b):
    s = unicodedata.normalize("NFC", b.decode("utf-8"))
    for a in ("\u2019", "\u02bc"):
        s = s.replace(a, "'")
    s = s.replace("\u00ad", "").replace("\u2010", "-").replace("\u2011", "-")
    return unicodedata.normalize("NFC", s.casefold())
man = {r["id"]: r for r in csv.DictReader(open("corpus/manifest.csv", encoding="utf-8"))}
def source(doc):
    if doc in man:
        r = man[doc]
        data = open("corpus/" + r["path"], "rb").read()
        return data[int(r["start"]):int(r["end"])]
    return open(doc, "rb").read()
bad = 0
total = 0
for args in (["corpus/"], ["tests/data/tok/tricky.txt"], ["tests/data/tok/crlf.txt", "tests/data/tok/bom.txt"]):
    out = subprocess.run(["tally", "tokens"] + args, capture_output=True, check=True).stdout
    cache = {}
    last = {}
    for row in csv.DictReader(io.StringIO(out.decode("utf-8"))):
        doc = row["doc"]
        if doc not in cache:
            cache[doc] = source(doc)
        src = cache[doc]
        s, e = int(row["start"]), int(row["end"])
        want = norm(src[s:e])
        total += 1
        if want != row["token"]:
            bad += 1
            if bad < 10:
                print(f"{doc} {s}-{e}: source {src[s:e]!r} normalizes to {want!r}, token {row['token']!r}")
        key = (int(row["para"]), int(row["sent"]), int(row["index"]), s)
        prev = last.get(doc, (1, 1, 0, -1))
        if int(row["index"]) != prev[2] + 1 or key[0] < prev[0] or key[1] < prev[1] or s < prev[3]:
            bad += 1
            print(f"{doc}: order broken at {row}")
        last[doc] = key
print(f"{total} tokens checked, {bad} problems")
sys.exit(1 if bad or total < 3000 else 0)
PY
