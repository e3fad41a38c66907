# The charts that name terms work for any term tally writes: the trend chart's
# four terms come from terms.csv, where a number with a separator is a quoted
# CSV field ("1,000") and a word may hold an apostrophe (d'ivoire); both reach
# the chart's legend and lines, and make does not fail.  The Zipf chart's
# legend gives the number of ranks in the fit (n_fit).
set -eu
T=$TALLY_TMP/pipeline_chart_terms
rm -rf "$T"; mkdir -p "$T"
cat >"$T/c.csv" <<'CSV'
id,date,text
a1,2026-01-01,"Côte d'Ivoire paid 1,000 dollars. Côte d'Ivoire and 1,000 more. d'Ivoire 1,000."
a2,2026-01-02,"Côte d'Ivoire paid 1,000 dollars again in Ghana."
CSV
make -s --no-print-directory CORPUS="$T/c.csv" A="$T/analysis" P="$T/plots" CMDS="$T/cmds" \
	"$T/plots/trends.svg" "$T/plots/zipf.svg" >"$T/make.log" 2>&1 || { cat "$T/make.log"; exit 1; }
# gnuplot warns ("Skipping data file with no valid points") when a term has no rows
if grep -v '^bin/tally \|^  PLOT ' "$T/make.log"; then echo "make printed the above"; exit 1; fi
python3 - "$T" <<'PY'
import sys, xml.etree.ElementTree as ET
T = sys.argv[1]
def texts(name):
    root = ET.parse(f"{T}/plots/{name}.svg").getroot()
    return ["".join(t.itertext()) for t in root.iter() if t.tag.endswith("text")]
fails = []
trend = texts("trends")
for label in ["1,000", "d'ivoire", "côte", "dollars"]:
    if label not in trend:
        fails.append(f"trends.svg: no legend entry {label!r}")
n_fit = open(f"{T}/analysis/zipf.csv").read().splitlines()[1].split(",")[-1]
want = f"{n_fit} ranks in fit"
if not any(want in t for t in texts("zipf")):
    fails.append(f"zipf.svg: no {want!r}")
for f in fails: print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
