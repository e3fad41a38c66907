# Text from the data reaches the charts as it is: gnuplot's enhanced mode would
# read _ ^ @ { } as markup, so the no-data placeholder printed cooc_nodes.csv
# as "cooc" with "nodes.csv" in subscript, and a legend or tick label naming
# an entity such as A_B^2 lost its marks.
set -eu
T=$TALLY_TMP/chart_plain_text
rm -rf "$T"; mkdir -p "$T"
cd "$TALLY_ROOT"
printf 'date,term,count,freq_per_million\n' >"$T/cooc_nodes.csv"
gnuplot -e "in='$T/cooc_nodes.csv'; out='$T/nodata.svg'" plots/trend.gp
printf 'date,entity,count,freq_per_million\n2026-01-01,A_B^2,2,5\n2026-01-02,A_B^2,1,3\n' >"$T/by.csv"
gnuplot -e "in='$T/by.csv'; out='$T/trend.svg'; key='entity'; terms='A_B^2'" plots/trend.gp
printf 'term,freq_per_million\nx_y,3\n{z}@,2\n' >"$T/top.csv"
gnuplot -e "in='$T/top.csv'; out='$T/bar.svg'; label='term'; value='freq_per_million'" plots/bar.gp
python3 - "$T" <<'PY'
import sys, xml.etree.ElementTree as ET
T = sys.argv[1]
fails = []
for name, want in [("nodata", "no data: " + T + "/cooc_nodes.csv has no rows"),
                   ("trend", "A_B^2"), ("bar", "x_y"), ("bar", "{z}@"),
                   ("bar", "freq_per_million")]:
    root = ET.parse(f"{T}/{name}.svg").getroot()
    texts = ["".join(t.itertext()).strip() for t in root.iter() if t.tag.endswith("}text")]
    if want not in texts:
        fails.append(f"{name}.svg: no text {want!r} in {texts}")
print("\n".join(fails))
sys.exit(1 if fails else 0)
PY
