#!/usr/bin/env bash
# cooc_stats.sh - tally cooc against an independent computation in Python
# (standard library only) from the mention list of tally entities and the
# token list of tally tokens: contexts are enumerated one by one (every
# sentence, paragraph, document, or every window of K tokens), the 2x2
# margins counted by brute force, and expected, PMI, NPMI, G2, its p-value
# (chi-squared 1 df: erfc(sqrt(g2/2))), Dice and Benjamini-Hochberg q computed
# from them.  Reals must agree to a relative 1e-8 (tally prints %.10g).
set -eu
T=$TALLY_TMP/cooc
mkdir -p "$T"
"$TALLY" entities corpus/ >"$T/m.csv"
"$TALLY" tokens corpus/ >"$T/tok.csv"
check() {  # check NAME EXPECT-ARGS -- TALLY-ARGS...
	local name=$1 spec=$2
	shift 2
	"$TALLY" cooc "$@" >"$T/$name.csv"
	python3 tests/scripts/cooc_check.py "$T/m.csv" "$T/tok.csv" "$T/$name.csv" $spec ||
		{ echo "FAILED: $name (tally cooc $*)"; exit 1; }
}
check sentence "sentence 0 all 1" corpus/
check paragraph "paragraph 0 all 1" --context paragraph corpus/
check document "document 0 all 1" --context document corpus/
check window5 "window 5 all 1" --window 5 corpus/
check window40 "window 40 all 1" --context window --window 40 corpus/
check mentioned "sentence 0 mentioned 1" --universe mentioned corpus/
check min2 "sentence 0 all 2" --min 2 corpus/
check from_mentions "sentence 0 all 1" --mentions "$T/m.csv" corpus/
check from_mentions_window "window 7 all 1" --mentions "$T/m.csv" --window 7 corpus/
check mentions_only "paragraph 0 mentioned 1" --mentions "$T/m.csv" --context paragraph --universe mentioned
# a context with more pairs than MAX_CONTEXT_PAIRS (a text without sentence
# punctuation is one sentence: 20,001 terms, 2e8 pairs) stops at once with a
# message naming the document and the fix, and writes nothing
awk 'BEGIN { for (i = 0; i <= 20000; i++) { w = ""; n = i
	do { w = w sprintf("%c", 97 + n % 26); n = int(n / 26) } while (n > 0)
	printf "%s%s", w, (i % 20 == 19 ? "\n" : " ") } }' >"$T/nopunct.txt"
set +e
"$TALLY" cooc --terms -o "$T/np.csv" "$T/nopunct.txt" 2>"$T/np.err"
rc=$?
set -e
[ "$rc" = 1 ] && [ ! -e "$T/np.csv" ] || { echo "FAILED: nopunct: rc $rc"; exit 1; }
grep -qxF "tally cooc: $T/nopunct.txt: a sentence holds 20001 distinct units, 200010000 pairs to count (at most 1000000); text without sentence punctuation needs --context window --window K" "$T/np.err" ||
	{ echo "FAILED: nopunct message:"; cat "$T/np.err"; exit 1; }
"$TALLY" cooc --terms --context window --window 3 "$T/nopunct.txt" >"$T/np3.csv"
[ "$(wc -l <"$T/np3.csv")" = 40000 ]  # header + 20,000 adjacent + 19,999 two apart
echo "cooc: all configurations agree"
