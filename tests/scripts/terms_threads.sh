#!/usr/bin/env bash
# --threads N gives byte-identical output to --threads 1: a file large enough
# to be cut into jobs (at blank lines, or at whitespace for single terms) is
# counted with 1, 2, 3 and 7 threads by terms, ngrams, colloc and keyness
# (whose statistics and rows are also worked out over the threads, as are
# cooc's);
# an invalid byte deep in the file gives the same error, and --lenient the
# same counts and warning.
set -eu
T=$TALLY_TMP/threads
mkdir -p "$T"
# ~1.3 MB with paragraphs; the same text as one line (cuts at spaces only);
# CRLF with blank lines holding spaces and tabs
for i in $(seq 1 64); do cat corpus/*.txt; printf '\n\n'; done >"$T/paras.txt"
tr '\n' ' ' <"$T/paras.txt" >"$T/oneline.txt"
sed 's/$/\r/; s/^\r$/ \t\r/' "$T/paras.txt" >"$T/crlf.txt"
head -c 700000 "$T/paras.txt" >"$T/half.txt"

. "$TALLY_ROOT/tests/scripts/lib/same_threads.sh"

for f in paras oneline crlf; do
	same_threads "terms $f" terms "$T/$f.txt"
	same_threads "terms --by doc --stem $f" terms --by doc --stem "$T/$f.txt"
	same_threads "ngrams -n 3 $f" ngrams -n 3 --stopwords en "$T/$f.txt"
	same_threads "colloc --window 3 $f" colloc --window 3 --min-count 1 "$T/$f.txt"
done
same_threads "keyness two files" keyness "$T/paras.txt" "$T/half.txt"
# more rows than one thread formats alone (tly_out_rows gives a thread 50,000
# rows at least): 160,000 distinct words, every third one twice
awk 'BEGIN { for (i = 0; i < 160000; i++) { w = ""; n = i
	do { w = w sprintf("%c", 97 + n % 26); n = int(n / 26) } while (n > 0)
	printf "%s%s", w, (i % 3 ? " " : " " w (i % 7 ? " " : "\n")) } }' >"$T/wide.txt"
same_threads "terms wide" terms "$T/wide.txt"
same_threads "terms --by doc wide" terms --by doc "$T/wide.txt" "$T/paras.txt"
[ "$(wc -l <"$T/want.csv")" -gt 160000 ]
# pairs' statistics and rows worked out over the threads (tly_parallel):
# more pairs than one thread takes alone
same_threads "colloc wide" colloc --min-count 1 "$T/wide.txt"
[ "$(wc -l <"$T/want.csv")" -gt 150000 ]
same_threads "keyness wide" keyness "$T/wide.txt" "$T/paras.txt"
[ "$(wc -l <"$T/want.csv")" -gt 160000 ]
same_threads "cooc --terms" cooc --terms --by doc "$T/paras.txt" corpus/
[ "$(wc -l <"$T/want.csv")" -gt 50000 ]  # statistics over the threads (40,000 rows up)
same_threads "terms --zipf" terms --zipf "$T/crlf.txt"

# the sanitizers see the threads too
"$TALLY" terms --threads 1 "$T/paras.txt" >"$T/a1.csv"
"$TALLY" terms --threads 2 "$T/paras.txt" >"$T/a2.csv"
cmp "$T/a1.csv" "$T/a2.csv"
"$TALLY" ngrams --threads 3 "$T/paras.txt" >"$T/a3.csv"
"$TALLY_PLAIN" ngrams --threads 1 "$T/paras.txt" | cmp - "$T/a3.csv"
"$TALLY" colloc --min-count 1 --threads 3 "$T/wide.txt" >"$T/a4.csv"
"$TALLY_PLAIN" colloc --min-count 1 --threads 1 "$T/wide.txt" | cmp - "$T/a4.csv"
"$TALLY" cooc --terms --threads 3 corpus/ >"$T/a5.csv"
"$TALLY_PLAIN" cooc --terms --threads 1 corpus/ | cmp - "$T/a5.csv"

# an invalid byte in the middle: the same message and status as one thread
{ head -c 900000 "$T/paras.txt"; printf 'bad \377 byte\n'; tail -c 300000 "$T/paras.txt"; } \
	>"$T/bad.txt"
for n in 1 2; do
	set +e
	"$TALLY_PLAIN" terms --threads $n "$T/bad.txt" >"$T/bad$n.out" 2>"$T/bad$n.err"
	echo $? >"$T/bad$n.rc"
	set -e
done
cmp "$T/bad1.err" "$T/bad2.err"
cmp "$T/bad1.rc" "$T/bad2.rc"
[ "$(cat "$T/bad1.rc")" = 1 ] && [ ! -s "$T/bad2.out" ]
grep -q 'bad.txt:[0-9]*:[0-9]*: invalid UTF-8 byte 0xff' "$T/bad2.err"
same_threads "terms --lenient" terms --lenient "$T/bad.txt" 2>"$T/warn.err"
grep -q 'replaced 1 invalid UTF-8 or NUL byte with U+FFFD' "$T/warn.err"

# many documents: a CSV corpus, a directory, a manifest with one document
# too big to batch (over 32 MiB: the main thread counts it as it reads) between
# small ones, with and without blank lines
python3 - "$T" <<'PY'
import csv, os, sys
T = sys.argv[1]
paras = [p for p in open(T + "/paras.txt", encoding="utf-8").read().split("\n\n") if p.strip()]
with open(T + "/news.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["id", "month", "text"])
    for i in range(2500):
        w.writerow(["n%d" % i, "2026-%02d" % (1 + i % 12), paras[i % len(paras)]])
os.makedirs(T + "/dir", exist_ok=True)
for i in range(300):
    with open(T + "/dir/f%03d.txt" % i, "w", encoding="utf-8") as f:
        f.write(paras[(7 * i) % len(paras)] + "\n")
big = open(T + "/paras.txt", "rb").read()
with open(T + "/big.txt", "wb") as f:
    for i in range(27):
        f.write(big)
with open(T + "/bigline.txt", "wb") as f:
    for i in range(27):
        f.write(big.replace(b"\n", b" "))
for name, path in (("manifest.csv", "big.txt"), ("manifest-line.csv", "bigline.txt")):
    with open(T + "/" + name, "w", encoding="utf-8") as f:
        f.write("id,path,start,end,kind\n")
        f.write("a,paras.txt,0,5000,small\n")
        f.write("b,%s,,,big\n" % path)
        f.write("c,paras.txt,5000,9000,small\n")
PY
same_threads "terms csv --by month" terms --by month --stopwords en "$T/news.csv"
same_threads "ngrams csv" ngrams -n 2 "$T/news.csv"
same_threads "colloc dir" colloc --window 2 --min-count 1 "$T/dir"
same_threads "keyness dir" keyness --target 'doc~f0*' "$T/dir"
[ "$(stat -c %s "$T/big.txt")" -gt 33554432 ]
same_threads "terms manifest big" terms --by kind "$T/manifest.csv"
same_threads "ngrams manifest big" ngrams -n 3 --by doc "$T/manifest.csv"
same_threads "ngrams manifest big, no blank line" ngrams -n 2 --by doc "$T/manifest-line.csv"
same_threads "terms manifest big, no blank line" terms --by doc "$T/manifest-line.csv"

# an invalid byte in the 200th file of a directory, and in the big document
printf 'fine text\nbad \377 byte\n' >"$T/dir/f200.txt"
{ cat "$T/big.txt"; printf 'late \377 byte\n'; } >"$T/big2.txt"
sed 's/big.txt/big2.txt/' "$T/manifest.csv" >"$T/manifest-bad.csv"
for input in "$T/dir" "$T/manifest-bad.csv"; do
	for n in 1 2; do
		set +e
		"$TALLY_PLAIN" terms --threads $n "$input" >"$T/e$n.out" 2>"$T/e$n.err"
		echo $? >>"$T/e$n.err"
		set -e
	done
	cmp "$T/e1.err" "$T/e2.err"
	[ ! -s "$T/e2.out" ]
	echo "ok error: $(head -n 1 "$T/e2.err")"
done
echo "all thread counts agree"
