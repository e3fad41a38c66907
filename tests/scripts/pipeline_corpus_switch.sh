# The pipeline's outputs follow the corpus, not only the times of its files:
# after `make` on one corpus, `CORPUS=other make` into the same directories
# remakes the outputs even when the other corpus's files are older than them,
# and so does removing a file from a corpus directory.
set -eu
T=$TALLY_TMP/pipeline_corpus_switch
rm -rf "$T"; mkdir -p "$T/c1" "$T/c2"
printf 'Peace talks in Hanoi.\n' >"$T/c1/a.txt"
printf 'Trade between France and Vietnam.\n' >"$T/c2/a.txt"
printf 'Vietnam and France signed.\n' >"$T/c2/b.txt"
touch -d 2020-01-01 "$T/c2/a.txt" "$T/c2/b.txt"
mk() {  # mk <corpus>: the terms and tone of the documents
	make -s --no-print-directory CORPUS="$1" A="$T/analysis" P="$T/plots" CMDS="$T/cmds" \
		"$T/analysis/terms.csv" "$T/analysis/tone_documents.csv" >"$T/make.log" 2>&1 ||
		{ cat "$T/make.log"; exit 1; }
}
mk "$T/c1"
cmp -s "$T/analysis/terms.csv" <($TALLY_PLAIN terms --stopwords en "$T/c1") || { echo "c1: terms.csv wrong"; exit 1; }
mk "$T/c2"
cmp -s "$T/analysis/terms.csv" <($TALLY_PLAIN terms --stopwords en "$T/c2") ||
	{ echo "CORPUS=c2 (older files) did not remake terms.csv"; head -n 3 "$T/analysis/terms.csv"; exit 1; }
cmp -s "$T/analysis/tone_documents.csv" <($TALLY_PLAIN tone --level document "$T/c2") ||
	{ echo "CORPUS=c2 did not remake tone_documents.csv"; exit 1; }
rm "$T/c2/b.txt"
mk "$T/c2"
cmp -s "$T/analysis/terms.csv" <($TALLY_PLAIN terms --stopwords en "$T/c2") ||
	{ echo "removing c2/b.txt did not remake terms.csv"; exit 1; }
# and with nothing changed, nothing is made
out=$(make -s --no-print-directory CORPUS="$T/c2" A="$T/analysis" P="$T/plots" CMDS="$T/cmds" \
	"$T/analysis/terms.csv" 2>&1)
[ -z "$out" ] || { echo "a second make did work: $out"; exit 1; }
# outputs that apply to one corpus and not to the next (by date, keyness)
# are removed, not left beside the next corpus's results: a CSV corpus with
# dates and a keyness comparison, then a directory without dates
printf 'id,date,src,text\n1,2026-01-02,x,Peace talks in Hanoi.\n2,2026-02-03,y,Trade with France.\n' \
	>"$T/dated.csv"
mkall() {  # mkall <corpus> [make variables...]: every CSV and chart
	local c=$1
	shift
	make -s --no-print-directory CORPUS="$c" A="$T/analysis" P="$T/plots" CMDS="$T/cmds" \
		"$@" analysis charts >"$T/make.log" 2>&1 || { cat "$T/make.log"; exit 1; }
}
mkall "$T/dated.csv" KEYNESS_TARGET=src=x KEYNESS_REFERENCE=src=y
for f in analysis/terms_by_date.csv analysis/tone_by_date.csv analysis/tone_entities_by_date.csv \
	analysis/keyness.csv plots/trends.png plots/tone_time.svg plots/keyness.png; do
	[ -f "$T/$f" ] || { echo "dated corpus: no $f"; exit 1; }
done
mkall "$T/c2"
for f in analysis/terms_by_date.csv analysis/tone_by_date.csv analysis/tone_entities_by_date.csv \
	analysis/keyness.csv plots/trends.png plots/trends.svg plots/tone_time.png \
	plots/tone_time.svg plots/keyness.png plots/keyness.svg; do
	[ ! -e "$T/$f" ] || { echo "CORPUS=c2 (no dates, no keyness) left $f of the dated corpus"; exit 1; }
done
cmp -s "$T/analysis/terms.csv" <($TALLY_PLAIN terms --stopwords en "$T/c2") || { echo "c2: terms.csv wrong"; exit 1; }
out=$(make -s --no-print-directory CORPUS="$T/c2" A="$T/analysis" P="$T/plots" CMDS="$T/cmds" \
	analysis charts 2>&1)
[ -z "$out" ] || { echo "a second make of everything did work: $out"; exit 1; }
# a chart's settings (title, labels, number of bars) live in analysis.mk:
# every chart depends on it, so a change there remakes the charts
deps=$(make -pq --no-print-directory CORPUS="$T/c2" A="$T/analysis" P="$T/plots" CMDS="$T/cmds" \
	2>/dev/null | grep "^$T/plots/top_terms.png:" || true)
case $deps in *' analysis.mk'*) ;; *) echo "the charts do not depend on analysis.mk: $deps"; exit 1 ;; esac
