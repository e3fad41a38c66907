#!/usr/bin/env bash
# Option values are checked before any work: an empty file, directory or
# column name, a number written loosely (" 5", "+5") or too large, is a
# usage error (exit 2, a line naming the option, then the pointer to
# --help) with nothing on stdout, in every tool that takes one.
set -eu
T=$TALLY_TMP/option_values
rm -rf "$T"
mkdir -p "$T"
cd "$TALLY_ROOT"
n=0
# expect <stderr pattern> <tally arguments...>
expect() {
	local pat=$1 got
	shift
	set +e
	tally "$@" >"$T/out" 2>"$T/err" </dev/null
	got=$?
	set -e
	[ "$got" = 2 ] || { echo "tally $*: exit $got, wanted 2"; cat "$T/err"; exit 1; }
	[ "$(wc -l <"$T/err")" = 2 ] || { echo "tally $*: wanted two lines on stderr"; cat "$T/err"; exit 1; }
	head -n 1 "$T/err" | grep -Eq -- "$pat" || { echo "tally $*: stderr does not match $pat:"; cat "$T/err"; exit 1; }
	[ ! -s "$T/out" ] || { echo "tally $*: wrote output"; exit 1; }
	n=$((n + 1))
}
e=tests/data/layout/edges.csv
expect '^tally tsv: -o needs a file name$' tsv -o '' "$e"
expect '^tally layout: -o needs a file name$' layout --output= "$e"
expect '^tally merge: -o needs a file name$' merge -o '' x.csv
expect '^tally terms: -o needs a file name$' terms -o '' corpus/
expect '^tally layout: --source needs a column name$' layout --source '' "$e"
expect '^tally layout: --target needs a column name$' layout --target '' "$e"
expect '^tally layout: --weight needs a column name$' layout --weight '' "$e"
expect '^tally cooc: --nodes needs a file name$' cooc --format gephi --nodes '' corpus/
expect '^tally cooc: --mentions needs a file name$' cooc --mentions '' corpus/
expect '^tally cooc: --by needs a column name$' cooc --by '' corpus/
expect '^tally cooc: --gazetteer needs a directory$' cooc --gazetteer '' corpus/
expect '^tally entities: --add needs a file name$' entities --add '' corpus/
expect '^tally entities: --gazetteer needs a directory$' entities --gazetteer '' corpus/
expect '^tally tone: --mentions needs a file name$' tone --level entity --mentions '' corpus/
expect '^tally tone: --lexicon needs a file name$' tone --lexicon '' corpus/
expect '^tally terms: --by needs a column name$' terms --by '' corpus/
expect '^tally ngrams: --by needs a column name$' ngrams --by '' corpus/
expect '^tally terms: --text-col needs a column name$' terms --text-col '' corpus/
expect '^tally terms: --id-col needs a column name$' terms --id-col '' corpus/
# a manifest's id column named by --id-col must be there
set +e
tally terms --id-col nosuch corpus/ >"$T/out" 2>"$T/err"
rc=$?
set -e
[ "$rc" = 1 ] && [ ! -s "$T/out" ] &&
	grep -q '^tally terms: corpus/manifest.csv: no column "nosuch" in the header (columns: id, path, .*); choose one with --id-col$' "$T/err" ||
	{ echo "--id-col naming no column of a manifest: exit $rc"; cat "$T/err"; exit 1; }
# lists: no empty element, no column twice
for ty in 'country,' ',country' 'country,,person'; do
	expect "^tally entities: --types takes a comma-separated list of country, person and capital, not \"$ty\"\$" \
		entities --types "$ty" corpus/
	expect "^tally cooc: --types takes a comma-separated list" cooc --types "$ty" corpus/
done
for b in 'month,' ',month' 'month,,source'; do
	expect "^tally tone: --by needs column names separated by commas, not \"$b\"\$" \
		tone --level group --by "$b" corpus/
done
expect '^tally tone: --by names column "month" twice$' tone --level group --by month,source,month corpus/
# numbers: digits only (with a sign where negatives are allowed), in range
expect '^tally terms: --top must be an integer >= 1, not " 5"$' terms --top ' 5' corpus/
expect '^tally terms: --top must be an integer >= 1, not "\+5"$' terms --top +5 corpus/
expect '^tally terms: --top must be an integer >= 1, not "5x"$' terms --top 5x corpus/
expect '^tally ngrams: -n must be an integer from 2 to 5, not "99999999999999999999"$' \
	ngrams -n 99999999999999999999 corpus/
for r in 1:18446744073709551616 ' 1:5' '1: 5' '1:+5' '1:' ':5' '5:5' '0:3' '-1:3'; do
	expect "^tally terms: --zipf-ranks must be LO:HI with 1 <= LO < HI, not \"${r//+/\\+}\"\$" \
		terms --zipf --zipf-ranks "$r" corpus/
done
# a fit range past the ranks there are is no error, but it is said
tally terms --zipf --zipf-ranks 100000:200000 corpus/ >"$T/out" 2>"$T/err"
grep -q '^tally terms: --zipf-ranks 100000:200000 holds 0 of the [0-9]* ranks, so the fit is NA$' "$T/err" ||
	{ echo "no warning for a fit range past the ranks:"; cat "$T/err"; exit 1; }
echo "ok $n usage errors"
