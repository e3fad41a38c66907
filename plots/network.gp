# network.gp - a co-occurrence network drawn from positions that tally layout
# computed (so the picture is the same on every run).
#   tally layout analysis/cooc.csv > nodes.csv; tally layout --edges analysis/cooc.csv > edges.csv
#   gnuplot -e "nodes='nodes.csv'; edges='edges.csv'; out='plots/network.svg'" plots/network.gp
# Edge width grows with the weight; node size with the strength.
in = nodes
if (!exists("width")) width = 1000
# tally layout puts x in [0, 1] and y in [0, its span]: the picture's height
# follows that span (a flat network leaves no empty band)
if (!exists("tally")) tally = system("test -x bin/tally && echo bin/tally || echo tally")
ymax = real(system(tally . " tsv '" . nodes . "' | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == \"y\") k = i; next } k && $k + 0 > m { m = $k + 0 } END { print m + 0 }'"))
if (!exists("height")) height = int(90 + (width - 60) * (ymax + 0.16) / 1.24); if (height < 400) height = 400
load "plots/common.gp"
nodes = csv(nodes)
edges = csv(edges)
# (stats before the ranges are set: stats obeys the x range)
stats edges using (column("weight")) name "W" nooutput
stats nodes using (column("strength")) name "S" nooutput
unset border; unset tics; unset grid
# what the marks mean (key: the text, given by the caller, that says what an
# edge's weight counts; by default the weight column's name)
if (!exists("key")) key = "weight"
set label 10 sprintf("edge width: %s (three widths up to the largest, %g); node size: strength, the sum of its edges' weights", key, W_max) \
	at screen 0.99, screen 0.015 right font "DejaVu Sans,10" tc "#555555" noenhanced
set size ratio -1
set xrange [-0.12:1.12]; set yrange [-0.08:ymax + 0.08]
# edges in three widths by weight (vectors have no variable width)
# (1/0 is gnuplot's "undefined": that row is skipped)
inb(b) = column("weight") > (b - 1) * W_max / 3.0 && column("weight") <= b * W_max / 3.0
plot for [b = 1:3] edges using (inb(b) ? column("x1") : 1/0):(column("y1")):(column("x2") - column("x1")):(column("y2") - column("y1")) \
	with vectors nohead lw (b * 2 - 1) lc rgb "#9ab8d8", \
     nodes using (column("x")):(column("y")):(1 + 2.5 * sqrt(column("strength") / S_max)) with points pt 7 ps variable lc rgb c2, \
     nodes using (column("x")):(column("y")):(stringcolumn("node")) with labels noenhanced offset 0,1.6 font "DejaVu Sans,11" tc "#222222"
