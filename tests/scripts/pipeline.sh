# The pipeline (analysis.mk) on the bundled corpus, into scratch directories:
# every CSV and chart is made; charts are valid PNG and SVG of sensible size
# whose SVG text holds the expected labels (Unicode names included); a second
# make does nothing; changing one option remakes only its outputs; make -j2
# from clean gives byte-identical CSV, SVG and PNG; the report renders in
# headless Chromium with every chart present.
set -eu
T=$TALLY_TMP/pipeline
rm -rf "$T"; mkdir -p "$T"
mk() {  # mk <dir> [make args...]
	local d=$1; shift
	make -s --no-print-directory A="$d/analysis" P="$d/plots" CMDS="$d/cmds" REPORT="$d/report.html" "$@"
}
mk "$T/1" analysis charts report >"$T/1.log" 2>&1 || { cat "$T/1.log"; exit 1; }
mk "$T/2" -j2 analysis charts report >"$T/2.log" 2>&1 || { cat "$T/2.log"; exit 1; }
(cd "$T/1" && find analysis plots -type f | LC_ALL=C sort | xargs sha256sum) >"$T/1.sum"
(cd "$T/2" && find analysis plots -type f | LC_ALL=C sort | xargs sha256sum) >"$T/2.sum"
cmp "$T/1.sum" "$T/2.sum" || { diff "$T/1.sum" "$T/2.sum"; echo "make -j2 differs"; exit 1; }
# the reports differ only in the directory names they quote
cmp <(sed "s|$T/1|DIR|g" "$T/1/report.html") <(sed "s|$T/2|DIR|g" "$T/2/report.html") ||
	{ echo "report differs"; exit 1; }
# a second make does nothing
out=$(mk "$T/1" analysis charts report 2>&1)
[ -z "$out" ] || { echo "second make did work:"; echo "$out"; exit 1; }
# changing the layout's seed remakes the network only
out=$(mk "$T/1" analysis charts report OPT_layout='--seed 2 --iterations 500 --top 18' 2>&1)
echo "$out" | grep -q 'network_nodes.csv' || { echo "seed change did not remake the layout"; echo "$out"; exit 1; }
if echo "$out" | grep -E 'tally (tokens|entities|tone|terms|cooc) ' ; then echo "seed change remade other outputs"; exit 1; fi
python3 - "$T/1" <<'PY'
import glob, os, struct, sys, xml.etree.ElementTree as ET
d = sys.argv[1]
fails = []
expect = {  # chart -> labels its SVG must show
    "cooc_heatmap": ["Vietnam", "United States", "Tô Lâm", "Donald Trump"],
    "network": ["Vietnam", "Donald Trump"],
    "tone_entities": ["Vietnam (n=55)", "Tô Lâm (n=14)", "Bùi Thanh Sơn (n=7)"],
    "tone_time": ["n=21", "2026"],
    "top_terms": ["peace"],
    "zipf": ["rank"],
    "trends": ["peace"],
    "keyness": ["hanoi"],
}
charts = sorted(os.path.basename(p)[:-4] for p in glob.glob(d + "/plots/*.svg"))
for c in charts:
    png = open(f"{d}/plots/{c}.png", "rb").read()
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        fails.append(f"{c}.png is not a PNG")
    else:
        w, h = struct.unpack(">II", png[16:24])
        if w < 600 or h < 400 or len(png) < 10000:
            fails.append(f"{c}.png: {w}x{h}, {len(png)} bytes")
    root = ET.parse(f"{d}/plots/{c}.svg").getroot()
    if not root.tag.endswith("svg"):
        fails.append(f"{c}.svg: root is {root.tag}")
    text = " ".join("".join(t.itertext()) for t in root.iter() if t.tag.endswith("text"))
    for label in expect.get(c, []):
        if label not in text:
            fails.append(f"{c}.svg: no label {label!r}")
missing = [c for c in ["cooc_heatmap", "network", "tone_entities", "tone_time"] if c not in charts]
if missing:
    fails.append(f"charts missing: {missing}")
print(f"{len(charts)} charts checked: {', '.join(charts)}")
for f in fails: print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
# the report renders, with an inline SVG per chart
if ! command -v chromium >/dev/null; then echo "chromium is missing (make deps installs it)"; exit 1; fi
flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync --user-data-dir=$T/chromium"
timeout 120 chromium $flags --hide-scrollbars --window-size=1100,3000 --screenshot="$T/report.png" "file://$T/1/report.html" >/dev/null 2>&1
timeout 120 chromium $flags --dump-dom "file://$T/1/report.html" 2>/dev/null >"$T/dom.html"
python3 - "$T" <<'PY'
import os, re, struct, sys
T = sys.argv[1]
png = open(f"{T}/report.png", "rb").read()
dom = open(f"{T}/dom.html", encoding="utf-8").read()
nsvg = len(re.findall(r"<svg\b", dom))
nsec = len(re.findall(r'<section id="(?!provenance)', dom))
charts = len([p for p in os.listdir(f"{T}/1/plots") if p.endswith(".svg")])
w, h = struct.unpack(">II", png[16:24])
print(f"screenshot {w}x{h}, {len(png)} bytes; {nsec} sections, {nsvg} inline SVG, {charts} charts")
ok = png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50000 and nsvg == nsec == charts and "Provenance" in dom
sys.exit(0 if ok else 1)
PY
# the same pipeline on other corpora: a directory of plain text (no dates,
# no entities to pair) and a CSV corpus with dates (CORPUS_OPTS for its text
# column): everything that applies is made, the rest is left out or drawn
# as "no data", and nothing fails
mk "$T/dir" CORPUS=tests/data/dir analysis charts report >"$T/dir.log" 2>&1 || { cat "$T/dir.log"; exit 1; }
mk "$T/csv" CORPUS=tests/data/tok/news.csv CORPUS_OPTS='--text-col body' analysis charts report \
	>"$T/csv.log" 2>&1 || { cat "$T/csv.log"; exit 1; }
[ -s "$T/dir/plots/network.svg" ] && [ ! -e "$T/dir/plots/trends.svg" ] && [ -s "$T/csv/plots/trends.svg" ] ||
	{ echo "other corpora: unexpected charts"; ls "$T/dir/plots" "$T/csv/plots"; exit 1; }
grep -q 'no data' "$T/dir/plots/network.svg" || { echo "empty network not drawn as no data"; exit 1; }
echo "other corpora: $(ls "$T/dir/plots" | wc -l) and $(ls "$T/csv/plots" | wc -l) chart files"
