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
