#!/usr/bin/env bash
# --threads N gives byte-identical output to --threads 1: a file large enough
# to be cut into jobs (at blank lines, or at whitespace for single terms) is
# counted with 1, 2, 3 and 7 threads by terms, ngrams, colloc and keyness;
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

same() {  # same <label> <tally args...>: compare --threads 1 with 2, 3, 7
	local label=$1
	shift
	"$TALLY_PLAIN" "$@" --threads 1 >"$T/want.csv"
	[ -s "$T/want.csv" ] || { echo "$label: no output"; exit 1; }
	for n in 2 3 7; do
		"$TALLY_PLAIN" "$@" --threads $n >"$T/got.csv"
		cmp -s "$T/want.csv" "$T/got.csv" || { echo "$label: --threads $n differs"; \
			diff "$T/want.csv" "$T/got.csv" | head; exit 1; }
	done
	echo "ok $label ($(wc -l <"$T/want.csv") rows)"
}

for f in paras oneline crlf; do
	same "terms $f" terms "$T/$f.txt"
	same "terms --by doc --stem $f" terms --by doc --stem "$T/$f.txt"
	same "ngrams -n 3 $f" ngrams -n 3 --stopwords en "$T/$f.txt"
	same "colloc --window 3 $f" colloc --window 3 --min-count 1 "$T/$f.txt"
done
same "keyness two files" keyness "$T/paras.txt" "$T/half.txt"
same "terms --zipf" terms --zipf "$T/crlf.txt"

# the sanitizers see the threads too
"$TALLY" terms --threads 1 "$T/paras.txt" >"$T/a1.csv"
"$TALLY" terms --threads 2 "$T/paras.txt" >"$T/a2.csv"
cmp "$T/a1.csv" "$T/a2.csv"
"$TALLY" ngrams --threads 3 "$T/paras.txt" >"$T/a3.csv"
"$TALLY_PLAIN" ngrams --threads 1 "$T/paras.txt" | cmp - "$T/a3.csv"

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
same "terms --lenient" terms --lenient "$T/bad.txt" 2>"$T/warn.err"
grep -q 'replaced 1 invalid UTF-8 byte with U+FFFD' "$T/warn.err"
echo "all thread counts agree"
