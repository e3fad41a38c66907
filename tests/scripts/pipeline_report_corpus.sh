# The report shows only what was made for its corpus: after `make report` on
# the bundled corpus (dated: trends, tone over time, keyness), `CORPUS=other
# make report` into the same directories, on undated documents, leaves out
# those sections and their commands, though their files are still there; and
# the keyness section names what another corpus's KEYNESS_NAMES compare.
set -eu
T=$TALLY_TMP/pipeline_report_corpus
rm -rf "$T"; mkdir -p "$T/c2"
printf 'Trade between France and Vietnam grew.\n' >"$T/c2/a.txt"
printf 'Vietnam and France signed a peace deal.\n' >"$T/c2/b.txt"
mk() {  # mk VAR=value...: the report
	make -s --no-print-directory A="$T/analysis" P="$T/plots" CMDS="$T/cmds" "$@" report \
		>"$T/make.log" 2>&1 || { cat "$T/make.log"; exit 1; }
}
mk
for s in '<section id="trends">' '<section id="keyness">' '<section id="tone_time">'; do
	grep -qF "$s" "$T/analysis/report.html" || { echo "bundled corpus: no $s"; exit 1; }
done
mk CORPUS="$T/c2"
[ -f "$T/plots/keyness.svg" ] && [ -f "$T/cmds/keyness.csv" ] || { echo "setup: no leftovers"; exit 1; }
for s in '<section id="trends">' '<section id="keyness">' '<section id="tone_time">' \
	'--target' 'terms --stopwords en --by date'; do
	if grep -qF -- "$s" "$T/analysis/report.html"; then
		echo "undated corpus: the report still shows $s from the bundled corpus"; exit 1
	fi
done
grep -qF '<section id="top_terms">' "$T/analysis/report.html" || { echo "undated corpus: no top_terms"; exit 1; }
grep -qF "$T/c2/a.txt" "$T/analysis/report.html" || { echo "undated corpus: not in provenance"; exit 1; }
# keyness on another corpus: its own names, not January and February
mk CORPUS="$T/c2" KEYNESS_TARGET='doc=a.txt' KEYNESS_REFERENCE='doc=b.txt' KEYNESS_NAMES='A|B'
grep -qF 'What sets A apart from B (keyness)' "$T/analysis/report.html" ||
	{ echo "keyness heading does not name A and B"; exit 1; }
! grep -qF 'January to February' "$T/analysis/report.html" || { echo "keyness heading names January"; exit 1; }
