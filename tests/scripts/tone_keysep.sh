#!/usr/bin/env bash
# tone_keysep.sh - group and entity values holding the byte 0x1f (the
# separator of a partial's encoded keys) are values like any other: each is
# its own group, a partial keeps it in one key field (as it is in a CSV
# partial, escaped as \x1f in key<TAB>value lines: tally-merge(1)), and the
# merge of the shards' partials gives the single run's bytes.
set -eu
T=$TALLY_TMP/tone_keysep
rm -rf "$T"
mkdir -p "$T"
fail() { echo "tone_keysep: $*" >&2; exit 1; }
us=$(printf '\037')

printf 'id,text,month\n1,"good day",a\037b\n2,"bad day",a\n3,"fine day",b\n4,"sad day",a\037b\n' >"$T/all.csv"
{ head -n 1 "$T/all.csv"; sed -n 2,3p "$T/all.csv"; } >"$T/s1.csv"
{ head -n 1 "$T/all.csv"; sed -n 4,5p "$T/all.csv"; } >"$T/s2.csv"
printf '%s\n' 'Good news is great today.' >"$T/d1.txt"
printf '%s\n' 'Bad news, sadly.' >"$T/d2.txt"
printf 'doc,start,end,entity,type,code\n%s,0,4,A\037B,person,USA\n%s,5,9,A,person,USA\n' \
	"$T/d1.txt" "$T/d1.txt" >"$T/m1.csv"
printf 'doc,start,end,entity,type,code\n%s,0,3,A\037B,person,USA\n' "$T/d2.txt" >"$T/m2.csv"
{ cat "$T/m1.csv"; tail -n +2 "$T/m2.csv"; } >"$T/m.csv"
# the same for the CSV corpus (documents 1 to 4): mc1.csv, mc2.csv, mc.csv
printf 'doc,start,end,entity,type,code\n1,0,4,A\037B,person,USA\n2,4,7,A,person,USA\n' >"$T/mc1.csv"
printf 'doc,start,end,entity,type,code\n3,0,4,A,person,USA\n4,0,3,A\037B,person,USA\n' >"$T/mc2.csv"
{ cat "$T/mc1.csv"; tail -n +2 "$T/mc2.csv"; } >"$T/mc.csv"

# check NAME FORMAT KEY1 SHARD1 SHARD2 ARGS...: tone ARGS over both shards
# (@M@ in ARGS: the shard's mention file; $T/$mp.csv for both) equals the
# merge of the shards' CSV partials and that of their sorted key<TAB>value
# lines; KEY1 is the first key field, holding 0x1f, of a record of shard 1
check() {
	local name=$1 fmt=$2 key=$3 s1=$4 s2=$5 a all=() one=() two=()
	shift 5
	for a in "$@"; do
		all+=("${a//@M@/$T/$mp.csv}")
		one+=("${a//@M@/$T/${mp}1.csv}")
		two+=("${a//@M@/$T/${mp}2.csv}")
	done
	tally tone "${all[@]}" "$s1" "$s2" >"$T/$name.want"
	tally tone "${one[@]}" --partial "$s1" >"$T/$name.p1"
	tally tone "${two[@]}" --partial "$s2" >"$T/$name.p2"
	tally merge "$T/$name.p1" "$T/$name.p2" >"$T/$name.csv"
	cmp "$T/$name.want" "$T/$name.csv" || fail "$name: the merge of CSV partials differs"
	tally tone "${one[@]}" --partial --streaming --format "$fmt" "$s1" >"$T/$name.l1"
	tally tone "${two[@]}" --partial --streaming --format "$fmt" "$s2" >"$T/$name.l2"
	LC_ALL=C sort "$T/$name.l1" "$T/$name.l2" | tally merge --streaming >"$T/$name.sm"
	cmp "$T/$name.want" "$T/$name.sm" || fail "$name: the merge of key<TAB>value lines differs"
	grep -q "^A[0-9]*,$key," "$T/$name.p1" ||
		fail "$name: no key field \"$key\" in the CSV partial"
	local esc=${key//$us/\\x1f}
	grep -qF "$us$esc$us" "$T/$name.l1" ||
		fail "$name: no key field \"$esc\" in the key<TAB>value lines"
}

mp=m
check month csv "a${us}b" "$T/s1.csv" "$T/s2.csv" --level group --by month --boot 50
grep -q "^a${us}b,2,2," "$T/month.want" || fail "month: a<0x1f>b is not one group of 2 documents"
grep -q "^a,1,1," "$T/month.want" || fail "month: a is not one group of 1 document"
check month_id csv "a${us}b" "$T/s1.csv" "$T/s2.csv" --level group --by month,id --boot 50
awk -F, 'NR > 1 && NF != 16 { exit 1 }' "$T/month_id.want" || fail "month_id: columns shift"
check entity text "A${us}B" "$T/d1.txt" "$T/d2.txt" --level entity --mentions @M@ --boot 50
grep -q "^A${us}B,person,USA,2,2,2," "$T/entity.want" ||
	fail "entity: A<0x1f>B is not one entity of 2 mentions"
grep -q "^A,person,USA,1,1,1," "$T/entity.want" || fail "entity: A is not one entity of 1 mention"
mp=mc
check entity_month csv "A${us}B" "$T/s1.csv" "$T/s2.csv" --level entity --by month \
	--mentions @M@ --context window:2 --boot 50
grep -q "^A${us}B,person,USA,a${us}b,2,2,2," "$T/entity_month.want" ||
	fail "entity_month: (A<0x1f>B, a<0x1f>b) is not one group of 2 mentions"
echo ok
