#!/usr/bin/env bash
# tally terms against the classic pipeline
#   tr -cs A-Za-z '\n' | tr A-Z a-z | sort | uniq -c
# On ASCII text of letters, spaces and punctuation that never sits inside a
# word, the counts are identical.  On the real (Unicode) corpus they differ,
# and every difference has one of the causes tally-terms(1) lists: letters
# outside A-Z (việt, lâm), digits (2026, 3.5%), and apostrophes, hyphens and
# periods inside a token (don't, self-reliance, u.s., qdnd.vn).
set -eu
T=$TALLY_TMP/crosscheck
mkdir -p "$T"
pipeline() { LC_ALL=C tr -cs A-Za-z '\n' <"$1" | LC_ALL=C tr A-Z a-z | grep . | LC_ALL=C sort |
	LC_ALL=C uniq -c | awk '{print $2, $1}' | LC_ALL=C sort; }
ours() { "$TALLY" terms --format text "$1" | tail -n +2 | awk -F, '{print $1, $2}' | LC_ALL=C sort; }

# ASCII: keep letters, spaces, newlines and , ; : ! ? ( ) "; everything else
# (digits, apostrophes, hyphens, periods, every byte of a non-ASCII letter)
# becomes a space
cat corpus/*.txt tests/data/terms/*.txt | LC_ALL=C tr -c 'A-Za-z,;:!?()" \n' ' ' >"$T/ascii.txt"
pipeline "$T/ascii.txt" >"$T/want"
ours "$T/ascii.txt" >"$T/got"
[ "$(wc -l <"$T/want")" -gt 500 ]
diff "$T/want" "$T/got"
echo "ascii: $(wc -l <"$T/got") terms, identical counts"

# the raw corpus: classify every difference
cat corpus/*.txt >"$T/raw.txt"
pipeline "$T/raw.txt" >"$T/want"
ours "$T/raw.txt" >"$T/got"
python3 - "$T/want" "$T/got" <<'PY'
import sys, re
def load(p):
    d = {}
    for line in open(p, encoding="utf-8"):
        k, v = line.rsplit(" ", 1)
        d[k] = int(v)
    return d
tr, ta = load(sys.argv[1]), load(sys.argv[2])
plain = re.compile(r"^[a-z]+$")
# every tally term that is not plain a-z letters is one of the known causes
causes = {"non-ASCII letter": 0, "digit": 0, "inner punctuation": 0}
for t in ta:
    if plain.match(t):
        continue
    if re.search(r"[^\x00-\x7f]", t):
        causes["non-ASCII letter"] += 1
    elif re.search(r"[0-9]", t):
        causes["digit"] += 1
    elif re.search(r"['.\-]", t):
        causes["inner punctuation"] += 1
    else:
        sys.exit("unexplained tally term: %r" % t)
# a plain term counted differently must have lost or gained pieces of such
# tokens: check that tally's count never exceeds the pipeline's (the
# pipeline only ever splits more)
for t, n in ta.items():
    if plain.match(t) and n > tr.get(t, 0):
        sys.exit("tally counts %r %d times, the pipeline %d" % (t, n, tr.get(t, 0)))
same = sum(1 for t in ta if plain.match(t) and ta[t] == tr.get(t))
print("raw corpus: %d tally terms, %d pipeline terms; %d plain terms with equal counts;"
      " tally terms the pipeline cannot form: %s" % (len(ta), len(tr), same, causes))
PY
