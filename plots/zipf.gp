# zipf.gp - rank/frequency on log-log axes with the fitted Zipf line, from
# `tally terms --zipf` (columns rank, count, fitted, in_fit, exponent,
# exponent_se, r_squared, n_fit).
#   gnuplot -e "in='analysis/zipf.csv'; out='plots/zipf.svg'" plots/zipf.gp
load "plots/common.gp"
stats src using (column("exponent")):(column("exponent_se")) name "Z" nooutput
stats src using (column("r_squared")) name "R" nooutput
set logscale xy 10
set xlabel "rank"
set ylabel "count (occurrences)"
set format x "10^{%T}"
set format y "10^{%T}"
set key top right box opaque samplen 2
fit_title = sprintf("least-squares fit on log-log, ranks in fit: s = %.3f ± %.3f (R² = %.3f)", Z_min_x, Z_min_y, R_min)
plot src using (column("rank")):(column("count")) with points pt 7 ps 0.5 lc rgb c1 title "terms", \
     src using (column("rank")):(column("in_fit") > 0 ? column("fitted") : 1/0) with lines lw 2 lc rgb c2 title fit_title
