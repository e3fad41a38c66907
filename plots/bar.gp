# bar.gp - horizontal bars of the top rows of a table, largest on top.
#   gnuplot -e "in='analysis/terms.csv'; out='plots/terms.svg'; label='term'; value='count'" plots/bar.gp
# Variables: label (column of the bar names), value (column of the lengths),
# top (rows to draw, default 25; the file must be sorted, largest first),
# xlabel.
if (!exists("top")) top = 25
if (!exists("xlabel")) xlabel = value
load "plots/common.gp"
stats src using (column(value)) name "N" nooutput
if (N_records < top) top = N_records
set style fill solid 0.85 border -1
set ytics scale 0 font "DejaVu Sans,11"
set xlabel xlabel noenhanced
set grid x noy
set yrange [top + 0.5 : 0.5]
set offsets 0, graph 0.08, 0, 0
set xrange [0:*]
plot src every ::0::(top - 1) using (column(value)):($0 + 1):(0):(column(value)):($0 + 1 - 0.4):($0 + 1 + 0.4):ytic(stringcolumn(label)) \
	with boxxyerrorbars lc rgb c1, \
     src every ::0::(top - 1) using (column(value)):($0 + 1):(sprintf(" %g", column(value))) with labels left font "DejaVu Sans,10" tc "#333333"
