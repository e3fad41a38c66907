#!/usr/bin/env bash
# CSV corpus files read with --threads N are cut into parts of whole records
# (tly_csv_scan) that the threads parse: its results are byte-identical to
# --threads 1 for CSVs whose records span the cuts in every way (quoted
# fields over many lines, doubled quotes, CR LF, lone CR record ends, blank
# lines, a BOM, no final newline), document ids and metadata included (--by
# doc, --by date, keyness --target by id and by date); a fault deep in the
# file gives the same one-line error and exit code as one thread; --lenient
# the same counts and warning.
set -eu
T=$TALLY_TMP/csv_parts
rm -rf "$T"
mkdir -p "$T"
python3 - "$TALLY_ROOT" "$T" <<'PY'
import glob, os, random, sys
root, out = sys.argv[1], sys.argv[2]
text = ""
for p in sorted(glob.glob(os.path.join(root, "corpus", "*.txt"))):
    text += open(p, encoding="utf-8").read()
paras = [x.strip() for x in text.split("\n\n") if x.strip()]
rnd = random.Random(7)

def quote(s):
    return '"' + s.replace('"', '""') + '"'

def corpus(n, end, bom=False, final=True, blank=0.0):
    """n records of id,date,text; text is one or more paragraphs (newlines
    inside the quotes), with quotes inside; records ended by `end`."""
    rows = ["id,date,text"]
    for i in range(n):
        k = rnd.randint(1, 6)
        body = "\n\n".join(rnd.choice(paras) for _ in range(k))
        if i % 5 == 0:
            body = 'He said "no", then \u201cyes\u201d.' + end + body
        if i % 7 == 0:
            body = body.replace("\n", "\r\n")
        rows.append("d%05d,2026-%02d-%02d,%s" % (i, 1 + i % 3, 1 + i % 28, quote(body)))
    s = ""
    for r in rows:
        s += r + end
        if rnd.random() < blank:
            s += end
    if not final:
        s = s[: -len(end)]
    data = s.encode("utf-8")
    return (b"\xef\xbb\xbf" if bom else b"") + data

open(os.path.join(out, "lf.csv"), "wb").write(corpus(3000, "\n", blank=0.05))
open(os.path.join(out, "crlf.csv"), "wb").write(corpus(3000, "\r\n", bom=True, final=False))
open(os.path.join(out, "cr.csv"), "wb").write(corpus(3000, "\r", blank=0.05))
# faults deep in the file (past the first part of a megabyte)
lf = open(os.path.join(out, "lf.csv"), "rb").read()
cut = lf.index(b"\nd02000,")
open(os.path.join(out, "badquote.csv"), "wb").write(lf[:cut] + b'\nd02000,2026-01-01,a"b' + lf[cut:])
open(os.path.join(out, "badutf8.csv"), "wb").write(lf[:cut] + b'\nd02000x,2026-01-01,caf\xe9 au lait' + lf[cut:])
open(os.path.join(out, "ragged.csv"), "wb").write(lf[:cut] + b'\nd02000y,2026-01-01' + lf[cut:])
open(os.path.join(out, "open.csv"), "wb").write(lf + b'd99999,2026-01-01,"never closed\nat all\n')
# several files: one of a header only, one whose header lacks the text column
open(os.path.join(out, "header.csv"), "wb").write(b"id,date,text\n")
open(os.path.join(out, "notext.csv"), "wb").write(b"id,date,body\nx1,2026-01-01,words\n")
PY
for f in lf crlf cr; do
	[ "$(wc -c <"$T/$f.csv")" -gt 2500000 ] || { echo "$f.csv: too small to be cut"; exit 1; }
done

SAME_THREADS="2 3"
. "$TALLY_ROOT/tests/scripts/lib/same_threads.sh"

for f in lf crlf cr; do
	same_threads "terms $f" terms "$T/$f.csv"
	same_threads "terms --by doc $f" terms --by doc --top 3 "$T/$f.csv"
	same_threads "terms --by date $f" terms --by date --stopwords en "$T/$f.csv"
	same_threads "ngrams -n 2 $f" ngrams -n 2 "$T/$f.csv"
	same_threads "keyness --target id $f" keyness --target 'd001*' "$T/$f.csv"
	same_threads "keyness --target date $f" keyness --target 'date>=2026-03-01' --min-count 2 "$T/$f.csv"
done
same_threads "colloc lf" colloc --min-count 3 "$T/lf.csv"
# several CSV files, cut one after the other
same_threads "terms --by doc, three files" terms --by doc --top 2 "$T/lf.csv" "$T/header.csv" "$T/cr.csv" "$T/crlf.csv"
same_threads "keyness, two files" keyness --target 'date>=2026-02-01' --min-count 2 "$T/crlf.csv" "$T/lf.csv"
# every document was counted: 3000 of them
docs=$("$TALLY_PLAIN" terms --by doc --top 1 --threads 2 "$T/cr.csv" | cut -d, -f1 | sort -u | grep -c '^d[0-9]')
[ "$docs" = 3000 ] || { echo "cr.csv: $docs documents, not 3000"; exit 1; }

# a fault deep in the file: the same message and exit code as one thread
for f in badquote badutf8 ragged open lf+notext cr+badquote; do
	files=()
	for g in ${f//+/ }; do files+=("$T/$g.csv"); done
	set +e
	"$TALLY_PLAIN" terms --threads 1 "${files[@]}" >"$T/o1" 2>"$T/e1"
	r1=$?
	"$TALLY_PLAIN" terms --threads 2 "${files[@]}" >"$T/o2" 2>"$T/e2"
	r2=$?
	set -e
	[ "$r1" -ne 0 ] && [ "$r1" = "$r2" ] || { echo "$f: exit $r1 and $r2"; exit 1; }
	cmp -s "$T/e1" "$T/e2" || { echo "$f: messages differ"; cat "$T/e1" "$T/e2"; exit 1; }
	[ ! -s "$T/o2" ] || { echo "$f: output on error"; exit 1; }
	[ "$(wc -l <"$T/e2")" = 1 ] || { echo "$f: not one line"; cat "$T/e2"; exit 1; }
	echo "ok $f: $(cat "$T/e2")"
done
# the faulty record named by its line
"$TALLY_PLAIN" terms --threads 2 "$T/badutf8.csv" 2>&1 >/dev/null |
	grep -q "badutf8.csv:$(grep -n -a '^d02000x,' "$T/badutf8.csv" | cut -d: -f1): invalid UTF-8 byte 0xe9"
# lenient: the same counts and the same warning
"$TALLY_PLAIN" terms --lenient --threads 1 "$T/badutf8.csv" >"$T/l1" 2>"$T/w1"
"$TALLY_PLAIN" terms --lenient --threads 2 "$T/badutf8.csv" >"$T/l2" 2>"$T/w2"
cmp "$T/l1" "$T/l2"
cmp "$T/w1" "$T/w2"
grep -q 'replaced' "$T/w2"
echo "ok lenient: $(cat "$T/w2")"

# under the sanitizers too
"$TALLY" terms --by doc --threads 2 "$T/crlf.csv" >"$T/a2.csv"
"$TALLY_PLAIN" terms --by doc --threads 1 "$T/crlf.csv" >"$T/a1.csv"
cmp "$T/a1.csv" "$T/a2.csv"
echo "ok sanitizers"
