# tone_time.gp - mean tone over time with 95% bootstrap intervals, from
# `tally tone --level group --by date` (columns date, n, mean, ci_low,
# ci_high).  Rows with an empty date are left out.
#   gnuplot -e "in='analysis/tone_by_date.csv'; out='plots/tone_time.svg'" plots/tone_time.gp
# Variables: group (date column, default date).
if (!exists("group")) group = "date"
load "plots/common.gp"
set xdata time
set timefmt "%Y-%m-%d"
set format x "%d %b\n%Y"
set xlabel "date" noenhanced
set ylabel "mean compound tone of sentences (95% bootstrap interval)" noenhanced
set yrange [-1:1]
set offsets graph 0.05, graph 0.05, 0, 0
set xzeroaxis lt -1 lc "#888888"
dated(x) = (strlen(stringcolumn(group)) == 10)
plot src using (dated(0) ? timecolumn(1, "%Y-%m-%d") : 1/0):(column("mean")):(column("ci_low")):(column("ci_high")) \
	with yerrorbars pt 7 ps 1.3 lw 1.5 lc rgb c1, \
     src using (dated(0) ? timecolumn(1, "%Y-%m-%d") : 1/0):(column("mean")):(sprintf("n=%d", column("n"))) \
	with labels noenhanced left offset 1,0 font "DejaVu Sans,10" tc "#555555"
