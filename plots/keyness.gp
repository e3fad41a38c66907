# keyness.gp - diverging bars of the most over- and under-used terms of a
# target against a reference, from `tally keyness` (sorted by signed G2).
#   gnuplot -e "in='analysis/keyness.csv'; out='plots/keyness.svg'" plots/keyness.gp
# Variables: top (terms each side, default 15), value (default g2),
# target/reference (names for the legend).
if (!exists("top")) top = 15
if (!exists("value")) value = "g2"
if (!exists("target")) target = "target"
if (!exists("reference")) reference = "reference"
if (!exists("height")) height = 760
load "plots/common.gp"
stats src using (column(value)) name "K" nooutput
n = K_records
npos = 0; nneg = 0
stats src using (column(value) > 0 ? 1 : 0) name "P" nooutput
npos = int(P_sum)
nneg = n - npos
tp = (npos < top) ? npos : top
tn = (nneg < top) ? nneg : top
set style fill solid 0.85 border -1
set ytics scale 0 font "DejaVu Sans,10"
set xlabel "signed log-likelihood G² (positive: more frequent in " . target . ")" noenhanced
set grid x noy
set yrange [tp + tn + 0.5 : 0.5]
set xzeroaxis lt -1
set key bottom right
plot src every ::0::(tp - 1) using (column(value) / 2):($0 + 1):(column(value) / 2):(0.4):ytic(stringcolumn("term")) \
	with boxxyerrorbars lc rgb c1 title "more in " . target, \
     src every ::(n - tn)::(n - 1) using (column(value) / 2):($0 + 1 + tp):(-column(value) / 2):(0.4):ytic(stringcolumn("term")) \
	with boxxyerrorbars lc rgb c2 title "more in " . reference
