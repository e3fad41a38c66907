# zipf.gp - rank/frequency on log-log axes with the fitted Zipf line, from
# `tally terms --zipf` (columns rank, count, fitted, in_fit, exponent,
# exponent_se, r_squared, n_fit).
#   gnuplot -e "in='analysis/zipf.csv'; out='plots/zipf.svg'" plots/zipf.gp
load "plots/common.gp"
# the fit needs two ranks with counts of 2 or more; without it, only points
field(c) = system(csv(in)[3:] . " | awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) k[$i] = i } NR == 2 { print $k[\"" . c . "\"] }'")
ex = field("exponent")
set logscale xy 10
set xlabel "rank" noenhanced
set ylabel "count (occurrences)" noenhanced
set xtics enhanced
set ytics enhanced
set format x "10^{%T}"
set format y "10^{%T}"
set key top right box opaque samplen 2
if (ex eq "NA" || ex eq "") {
	plot src using (column("rank")):(column("count")) with points pt 7 ps 0.5 lc rgb c1 title "terms (too few repeated terms for a fit)"
} else {
	# a figure the fit leaves undefined (R² when every count in it is the same) is NA
	num(v) = (v eq "NA" || v eq "") ? "NA" : sprintf("%.3f", real(v))
	fit_title = sprintf("least-squares fit on log-log, %d ranks in fit: s = %s ± %s (R² = %s)", int(real(field("n_fit"))), num(ex), num(field("exponent_se")), num(field("r_squared")))
	plot src using (column("rank")):(column("count")) with points pt 7 ps 0.5 lc rgb c1 title "terms", \
	     src using (column("rank")):(column("in_fit") > 0 ? column("fitted") : 1/0) with lines lw 2 lc rgb c2 title fit_title
}
