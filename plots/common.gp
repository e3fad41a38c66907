# common.gp - what every tally chart shares: the output terminal (PNG through
# cairo, or SVG), size, font, palette and CSV input.  Each chart script loads
# it after setting its variables:
#   in     input CSV (a tally tool's output)     out    output file
#   fmt    png or svg (default: from out's suffix)
#   title  chart title                           tally  the tally binary
# gnuplot's own CSV reader cuts quoted fields at commas ("Korea, Republic
# of"), so tables are read through `tally tsv`: csv(f) is the data source.
if (!exists("fmt")) fmt = (strstrt(out, ".svg") > 0) ? "svg" : "png"
if (!exists("width")) width = 1000
if (!exists("height")) height = 640
font = "DejaVu Sans,12"
if (fmt eq "svg") {
	set terminal svg size width,height dynamic enhanced font font background "#ffffff"
} else {
	set terminal pngcairo size width,height enhanced font font background "#ffffff"
}
set output out
set encoding utf8
if (!exists("tally")) tally = system("test -x bin/tally && echo bin/tally || echo tally")
csv(f) = "< " . tally . " tsv '" . f . "'"
if (exists("in")) src = csv(in)
# s quoted for the inside of a shell '...' string (a term such as d'ivoire)
sq(s) = (strstrt(s, "'") == 0) ? s : s[1:strstrt(s, "'") - 1] . "'\\''" . sq(s[strstrt(s, "'") + 1:])
# only the rows whose column col equals val (the header kept): lines drawn
# through such a source have no gaps where other rows were skipped
rows(f, col, val) = csv(f) . " | awk -F'\t' -v c='" . sq(col) . "' -v v='" . sq(val) . "' 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == c) k = i; print; next } $k == v'"
set datafile separator "\t"
set datafile columnheaders
set datafile missing "NA"
set border 3 lc "#555555"
set tics nomirror textcolor "#333333"
set grid back lc "#dddddd" lw 1
set key noautotitle
if (exists("title")) set title title font "DejaVu Sans,15" noenhanced
# text from the data (terms, entities, file names) is printed as it is: in
# gnuplot's enhanced mode _ ^ @ { } would be markup (cooc_nodes.csv would
# print "cooc" with "nodes.csv" as a subscript); a chart that wants markup
# (zipf.gp's powers of ten) turns it on for its own tics
set key noenhanced
set xtics noenhanced
set ytics noenhanced
c1 = "#1f77b4"; c2 = "#d62728"; c3 = "#2ca02c"; c4 = "#ff7f0e"
# An input with a header and no rows (a corpus without dates, without two
# entities in one sentence...) gives a chart that says so, not an error:
# nrows(source) counts the data rows of a "< command" source, and
# plots/nodata.gp draws the placeholder (message in nodata) and ends.
nrows(source) = int(system(source[3:] . " | tail -n +2 | wc -l"))
if (exists("in")) if (nrows(src) == 0) { nodata = in . " has no rows"; load "plots/nodata.gp" }
