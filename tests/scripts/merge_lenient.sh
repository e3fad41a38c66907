#!/usr/bin/env bash
# --lenient says how many invalid UTF-8 bytes it replaced, in every tool
# (cooc included), and a merge of partials says it for all the shards: the
# count travels in the partial (the library's 'R' record), through merge
# --partial and the Hadoop Streaming form, and the merged report equals the
# single run's, as the merged rows do.
set -eu
T=$TALLY_TMP/merge_lenient
rm -rf "$T"
mkdir -p "$T"
cd "$T"
printf 'Vietnam and the United States \xff\xfe agreed. Peace \xc3 in Gaza.\n' >a.txt
printf 'To Lam met Donald Trump \xff in Washington.\n' >b.txt
printf 'Hanoi welcomed the plan.\n' >c.txt
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }
want='replaced 4 invalid UTF-8 or NUL bytes with U+FFFD'
for t in "terms" "ngrams -n 2" "entities" "cooc" "cooc --terms" "tone" "tone --level sentence"; do
	read -r -a a <<<"$t"
	tally "${a[@]}" --lenient a.txt b.txt c.txt >s.csv 2>s.err
	grep -q "$want" s.err || fail "$t: single run: $(cat s.err)"
	for f in a b c; do tally "${a[@]}" --lenient --partial $f.txt >$f.p 2>/dev/null; done
	tally merge a.p b.p c.p >m.csv 2>m.err
	cmp -s s.csv m.csv || fail "$t: merged rows differ from the single run"
	grep -q "$want" m.err || fail "$t: merge: $(cat m.err)"
	tally merge --partial a.p b.p >ab.p 2>/dev/null
	tally merge ab.p c.p >m2.csv 2>m2.err
	grep -q "$want" m2.err || fail "$t: merge of a merged partial: $(cat m2.err)"
	# no report where nothing was replaced
	tally merge c.p >/dev/null 2>c.err
	! grep -q replaced c.err || fail "$t: a clean shard reports: $(cat c.err)"
	# Hadoop Streaming: mapper | sort | reducer
	for f in a b c; do mapreduce_map_input_file=$f.txt tally "${a[@]}" --lenient --partial --streaming <$f.txt; done 2>/dev/null |
		LC_ALL=C sort | tally merge --streaming >h.csv 2>h.err
	grep -q "$want" h.err || fail "$t: streaming reducer: $(cat h.err)"
done
[ $fails -eq 0 ]
