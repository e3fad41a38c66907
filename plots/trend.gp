# trend.gp - how often chosen terms (or entities) occur over time, from a
# table with one row per (date, term), such as `tally terms --by date` or
# `tally entities --summary --by date`.
#   gnuplot -e "in='analysis/terms_by_date.csv'; out='plots/trends.svg'; terms='peace vietnam board'" plots/trend.gp
# Variables: terms (space-separated), group (date column, default date),
# key (term column, default term), value (default freq_per_million),
# ylabel.  Rows whose date is empty are left out; dates are YYYY-MM-DD and
# the date column comes first.  A line joins the dates where the term occurs
# (a date without the term has no row in the input, so no point is drawn).
if (!exists("group")) group = "date"
if (!exists("key")) key = "term"
if (!exists("value")) value = "freq_per_million"
if (!exists("ylabel")) ylabel = "occurrences per million terms"
load "plots/common.gp"
set xdata time
set timefmt "%Y-%m-%d"
set format x "%d %b\n%Y"
set xlabel "date"
set ylabel ylabel
set key outside right top
set yrange [0:*]
set offsets graph 0.03, graph 0.03, graph 0.05, 0
dated(x) = (strlen(stringcolumn(group)) == 10)
plot for [i = 1:words(terms)] rows(in, key, word(terms, i)) using (dated(0) ? timecolumn(1, "%Y-%m-%d") : 1/0):(column(value)) \
	with linespoints lw 2 pt 7 ps 1.2 title word(terms, i)
