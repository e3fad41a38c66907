# trend.gp - how often chosen terms (or entities) occur over time, from a
# table with one row per (date, term), such as `tally terms --by date` or
# `tally entities --summary --by date`.
#   gnuplot -e "in='analysis/terms_by_date.csv'; out='plots/trends.svg'; terms='peace vietnam board'" plots/trend.gp
# Variables: terms (space-separated), group (date column, default date),
# key (term column, default term), value (default freq_per_million),
# ylabel.  Rows whose date is empty are left out; dates are YYYY-MM-DD and
# the date column comes first.  A date where the term does not occur has no
# row in the input; the chart draws it as 0 (every date of the table is a
# point of every line), so a line never bridges a date without the term.
if (!exists("group")) group = "date"
if (!exists("key")) key = "term"
if (!exists("value")) value = "freq_per_million"
if (!exists("ylabel")) ylabel = "occurrences per million terms"
load "plots/common.gp"
set xdata time
set timefmt "%Y-%m-%d"
set format x "%d %b\n%Y"
set xlabel "date" noenhanced
set ylabel ylabel noenhanced
set key outside right top
set yrange [0:*]
set offsets graph 0.03, graph 0.03, graph 0.05, 0
dated(x) = (strlen(stringcolumn(group)) == 10)
# the three columns must be there (awk would read a missing one as the whole line)
hdr = system(src[3:] . " | head -n 1")
has(c) = strstrt("\t" . hdr . "\t", "\t" . c . "\t") > 0
missing = !has(group) ? group : !has(key) ? key : !has(value) ? value : ""
if (strlen(missing) > 0) { print sprintf("plots/trend.gp: %s has no column \"%s\" (columns: %s); set group, key or value", in, missing, system(src[3:] . " | head -n 1 | sed 's/\t/, /g'")); exit status 1 }
# the rows of term val, one per date of the whole table (0 where it has none),
# in date order, under the header "group<TAB>value"
filled(f, val) = csv(f) . " | awk -F'\t' -v g='" . sq(group) . "' -v c='" . sq(key) . "' -v y='" . sq(value) . "' -v v='" . sq(val) . "' 'NR == 1 { for (i = 1; i <= NF; i++) { if ($i == g) gi = i; if ($i == c) ci = i; if ($i == y) yi = i } print g \"\\t\" y; fflush(); next } { if (!($gi in n)) n[$gi] = 0 } $ci == v { n[$gi] = $yi } END { for (d in n) print d \"\\t\" n[d] | \"LC_ALL=C sort\"; close(\"LC_ALL=C sort\") }'"
plot for [i = 1:words(terms)] filled(in, word(terms, i)) using (dated(0) ? timecolumn(1, "%Y-%m-%d") : 1/0):(column(value)) \
	with linespoints lw 2 pt 7 ps 1.2 title word(terms, i)
