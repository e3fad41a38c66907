#!/usr/bin/env bash
# tally merge refuses what it cannot merge exactly, with a one-line error
# naming the file (and line) and a non-zero exit: partials of different
# tools or options, truncated or corrupted partials, unsorted streaming
# input, a stream without a header, a file that is no partial.
set -eu
T=$TALLY_TMP/merge_errors
rm -rf "$T"
mkdir -p "$T"
cd "$T"
cp "$TALLY_ROOT"/corpus/*.txt .
ls *.txt | head -n 3 >a.list
a=$(sed -n 1p a.list) b=$(sed -n 2p a.list) c=$b

"$TALLY" terms --partial "$a" >t1.csv
"$TALLY" terms --partial "$b" >t2.csv
"$TALLY" terms --partial --stopwords en "$b" >t2s.csv
"$TALLY" ngrams --partial "$c" >n3.csv
"$TALLY" terms --partial --streaming "$a" >s1.txt
n=0

# expect <rc> <stderr pattern> <command...>
expect() {
	local rc=$1 pat=$2 got
	shift 2
	set +e
	"$@" >out.csv 2>err.txt
	got=$?
	set -e
	[ "$got" = "$rc" ] || { echo "$*: exit $got, wanted $rc"; cat err.txt; exit 1; }
	# one line (a usage error adds the pointer to --help)
	[ "$(wc -l <err.txt)" = $((rc == 2 ? 2 : 1)) ] || { echo "$*: wanted one line on stderr"; cat err.txt; exit 1; }
	head -n 1 err.txt | grep -Eq -- "$pat" || { echo "$*: stderr does not match $pat:"; cat err.txt; exit 1; }
	[ ! -s out.csv ] || { echo "$*: wrote output on failure"; exit 1; }
	n=$((n + 1))
}

# the good case first
"$TALLY" merge t1.csv t2.csv >m.csv
"$TALLY" terms "$a" "$b" | cmp - m.csv

expect 1 "^tally merge: n3.csv: a partial of 'tally ngrams' cannot be merged with t1.csv, a partial of 'tally terms'" \
	"$TALLY" merge t1.csv n3.csv
expect 1 "^tally merge: t2s.csv: a partial of 'tally terms --stopwords en' cannot be merged with t1.csv" \
	"$TALLY" merge t1.csv t2s.csv
# a stopword file is recorded by its contents too: two lists under one name
# are told apart, and the merge needs no list (it is run where none is)
printf 'the\nand\n' >sw.txt
"$TALLY" terms --partial --stopwords sw.txt "$a" >w1.csv
"$TALLY" ngrams --partial --stopwords sw.txt "$a" >v1.csv
printf 'the\nof\n' >sw.txt
"$TALLY" terms --partial --stopwords sw.txt "$b" >w2x.csv
expect 1 "^tally merge: w2x.csv: a partial of 'tally terms --stopwords sw.txt#contents=[0-9a-f]{16}' cannot be merged with w1.csv" \
	"$TALLY" merge w1.csv w2x.csv
# so are a tone lexicon, a gazetteer file added and a gazetteer directory:
# differs TOOL OPTION FILE FIRST SECOND runs the shards with FILE holding
# FIRST, then SECOND (printf formats), and expects the merge to refuse them
differs() {
	printf "$4" >"$3"
	"$TALLY" "$1" "$2" "$3" --partial "$a" >d1.csv
	printf "$5" >"$3"
	"$TALLY" "$1" "$2" "$3" --partial "$b" >d2.csv
	expect 1 "^tally merge: d2.csv: a partial of 'tally $1 $2 $3#contents=[0-9a-f]{16}' cannot be merged with d1.csv" \
		"$TALLY" merge d1.csv d2.csv
}
differs tone --lexicon lex.tsv 'good\t3.0\nbad\t-3.0\n' 'good\t-3.0\nbad\t3.0\n'
differs cooc --add add.csv 'code,name,kind\nUSA,Gaza,name\n' 'code,name,kind\nVNM,Peace,name\n'
cp -r "$TALLY_ROOT/data/gazetteer" gz
"$TALLY" entities --gazetteer gz --partial "$a" >g1.csv
sed -i '$d' gz/leaders.csv
"$TALLY" entities --gazetteer gz --partial "$b" >g2.csv
expect 1 "^tally merge: g2.csv: a partial of 'tally entities --gazetteer gz#contents=[0-9a-f]{16}' cannot be merged with g1.csv" \
	"$TALLY" merge g1.csv g2.csv
# partials of another tally, or read with other data from tally's data
# directory (another TALLY_DATA or install on some machine), are refused
cp -r "$TALLY_ROOT/data" otherdata
sed -i '$d' otherdata/gazetteer/leaders.csv
TALLY_DATA=otherdata "$TALLY" entities --partial "$b" >o2.csv
"$TALLY" entities --partial "$a" >o1.csv
expect 1 "^tally merge: o2.csv:[0-9]+: a partial of tally [0-9.]+, data [0-9a-f]{16} cannot be merged with o1.csv:[0-9]+, of tally [0-9.]+, data [0-9a-f]{16}: same tally and data directory needed" \
	"$TALLY" merge o1.csv o2.csv
{ mapreduce_map_input_file=a "$TALLY" entities --partial --streaming <"$a"
  TALLY_DATA=otherdata mapreduce_map_input_file=b "$TALLY" entities --partial --streaming <"$b"; } |
	LC_ALL=C sort >os.txt
expect 1 "^tally merge: os.txt:[0-9]+: a partial of tally .* cannot be merged with os.txt:[0-9]+" \
	"$TALLY" merge --streaming os.txt
sed 's/^y0,\(.*\)/y0,0.0.0-old/' t2.csv >old.csv
expect 1 "^tally merge: old.csv:[0-9]+: a partial of tally 0.0.0-old cannot be merged with t1.csv:[0-9]+, of tally [0-9.]+: " \
	"$TALLY" merge t1.csv old.csv
# the same data under another TALLY_DATA merges
rm -rf otherdata && cp -r "$TALLY_ROOT/data" otherdata
TALLY_DATA=otherdata "$TALLY" entities --partial "$b" >o2.csv
"$TALLY" merge o1.csv o2.csv | cmp - <("$TALLY" entities "$a" "$b")
printf 'the\nand\n' >sw.txt
"$TALLY" terms --partial --stopwords sw.txt "$b" >w2.csv
"$TALLY" ngrams --partial --stopwords sw.txt "$b" >v2.csv
"$TALLY" terms --stopwords sw.txt "$a" "$b" >w.want
"$TALLY" ngrams --stopwords sw.txt "$a" "$b" >v.want
mv sw.txt sw.away
"$TALLY" merge w1.csv w2.csv | cmp - w.want
"$TALLY" merge v1.csv v2.csv | cmp - v.want
mv sw.away sw.txt
# truncated: cut in the middle of a record, and at a record boundary
head -c 2000 t1.csv >cut.csv
expect 1 '^tally merge: cut.csv:[0-9]+: ' "$TALLY" merge cut.csv t2.csv
head -n 40 t1.csv >cut2.csv
expect 1 '^tally merge: cut2.csv:41: truncated partial \(no tally-partial-end record\)' \
	"$TALLY" merge cut2.csv t2.csv
# corrupted: a count that is no number, a record out of order, a lost record
sed '20s/,[0-9]*,\([0-9]*\)$/,x,\1/' t1.csv >bad.csv
expect 1 '^tally merge: bad.csv:20: a count is not an unsigned integer' "$TALLY" merge bad.csv t2.csv
awk 'NR == 20 { hold = $0; next } NR == 22 { print; print hold; next } { print }' t1.csv >swap.csv
expect 1 '^tally merge: swap.csv:22: records out of order' "$TALLY" merge t2.csv swap.csv
sed '30d' t1.csv >lost.csv
expect 1 "^tally merge: lost.csv:[0-9]+: the end record's count does not match" "$TALLY" merge lost.csv
sed '1s/^tally-partial,1,/tally-partial,9,/' t1.csv >ver.csv
expect 1 '^tally merge: ver.csv:1: partial format version 9; this tally reads version 1' \
	"$TALLY" merge ver.csv
expect 1 '^tally merge: a.list:1: not a tally partial result' "$TALLY" merge a.list
: >empty.csv
expect 1 '^tally merge: empty.csv:1: empty file' "$TALLY" merge empty.csv
# streaming: unsorted lines, no header, a cut line, a bad escape
expect 1 '^tally merge: <stdin>:[0-9]+: lines out of order \(sort them with LC_ALL=C sort\)' \
	"$TALLY" merge --streaming <s1.txt
LC_ALL=C sort s1.txt | grep -v '^!' >nohead.txt
expect 1 '^tally merge: no partial header in the input' "$TALLY" merge --streaming nohead.txt
LC_ALL=C sort s1.txt | head -c 3000 >cutline.txt
expect 1 '^tally merge: cutline.txt:[0-9]+: truncated line' "$TALLY" merge --streaming cutline.txt
LC_ALL=C sort s1.txt | sed '5s/\t/\t\\q/' >esc.txt
expect 1 '^tally merge: esc.txt:5: bad escape' "$TALLY" merge --streaming esc.txt
# rows of two mappers run without mapreduce_map_input_file have one key: sort
# would interleave them, so the reducer refuses them
for f in "$a" "$b"; do
	env -u mapreduce_map_input_file -u map_input_file "$TALLY" entities --partial --streaming <"$f"
done | LC_ALL=C sort >tworows.txt
expect 1 '^tally merge: <stdin>:[0-9]+: two output rows with one key \(several mappers without mapreduce_map_input_file set\?\)' \
	"$TALLY" merge --streaming <tworows.txt
for f in "$a" "$b"; do
	mapreduce_map_input_file=$f "$TALLY" entities --partial --streaming <"$f"
done | LC_ALL=C sort | "$TALLY" merge --streaming >m.csv
for f in "$a" "$b"; do "$TALLY" entities <"$f" | sed 1d; done >rows.csv
sed 1d m.csv | cmp - rows.csv
# a partial edited to hold what no run writes: the merge runs the tool with
# the header's options, so none may say where to write, ask for help or
# leave a stray value; keys are UTF-8; counts a run can make
printf 'tally-partial,1,bogus\ntally-partial-end,0\n' >bogus.csv
expect 1 '^tally merge: partials of tally bogus cannot be merged' "$TALLY" merge bogus.csv
for h in '-o,evil.csv' '--output,evil.csv' '--output=evil.csv' '--help' '--threads,0'; do
	sed "1s/.*/tally-partial,1,terms,$h/" t1.csv >inj.csv
	expect 1 "^tally merge: inj.csv:1: the partial header records \"${h%%,*}\", an option no partial holds" \
		"$TALLY" merge inj.csv
done
[ ! -e evil.csv ] || { echo "the merge wrote where a partial header said"; exit 1; }
sed '1s/.*/tally-partial,1,terms,--zipf,stray/' t1.csv >inj.csv
expect 1 '^tally merge: the partial header.s options hold a stray value "stray"' "$TALLY" merge inj.csv
k=$(grep -n '^K2,,the,' t1.csv | cut -d: -f1)
sed "${k}s/^K2,,the,/K2,,th\xff,/" t1.csv >utf.csv
expect 1 "^tally merge: utf.csv:$k: invalid UTF-8 byte 0xff in field 3 of a record" "$TALLY" merge utf.csv
sed "${k}s/^K2,,the,[0-9]*,[0-9]*/K2,,the,0,0/" t1.csv >zero.csv
expect 1 "^tally merge: zero.csv:$k: impossible counts in a partial of term counts" "$TALLY" merge zero.csv
sed "${k}s/^K2,,the,[0-9]*,[0-9]*/K2,,the,5,6/" t1.csv >docs.csv
expect 1 "^tally merge: docs.csv:$k: impossible counts" "$TALLY" merge docs.csv
sed '2s/^G1,,[0-9]*,/G1,,0,/' t1.csv >nodoc.csv
expect 1 '^tally merge: nodoc.csv:2: impossible counts' "$TALLY" merge nodoc.csv
# facts must agree: one entity of two types in two shards' mention files
printf 'doc,start,end,entity,type,code\n%s,0,4,Georgia,state,USA\n' "$a" >ma.csv
printf 'doc,start,end,entity,type,code\n%s,0,4,Georgia,country,GEO\n' "$b" >mb.csv
"$TALLY" tone --level entity --mentions ma.csv --partial "$a" >fa.csv
"$TALLY" tone --level entity --mentions mb.csv --partial "$b" >fb.csv
expect 1 '^tally merge: fb.csv:[0-9]+: the partials disagree on "Georgia": "country" here, "state" at fa.csv:[0-9]+' \
	"$TALLY" merge fa.csv fb.csv
{ "$TALLY" tone --level entity --mentions ma.csv --partial --streaming "$a"
  "$TALLY" tone --level entity --mentions mb.csv --partial --streaming "$b"; } | LC_ALL=C sort >fs.txt
expect 1 '^tally merge: fs.txt:[0-9]+: the partials disagree on "Georgia"' "$TALLY" merge --streaming fs.txt
# usage
expect 2 '^tally merge: no partial to merge' "$TALLY" merge
expect 2 '^tally terms: --streaming goes with --partial' "$TALLY" terms --streaming "$a"
echo "ok $n refusals"
