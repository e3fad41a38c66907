# heatmap.gp - a square co-occurrence matrix as a heatmap with the counts in
# the cells, from `tally cooc --format matrix` (first row and first column
# name the entities; the diagonal holds each entity's own count).
#   gnuplot -e "in='analysis/cooc_matrix.csv'; out='plots/cooc_heatmap.svg'" plots/heatmap.gp
# Variables: cblabel (what the colours count).
if (!exists("cblabel")) cblabel = "sentences in which both are mentioned"
if (!exists("width")) width = 1000
if (!exists("height")) height = 900
load "plots/common.gp"
set datafile nocolumnheaders
unset grid
set size ratio -1
set xtics rotate by 50 right scale 0 font "DejaVu Sans,10"
set ytics scale 0 font "DejaVu Sans,10"
set x2tics scale 0 format ""
set yrange [*:*] reverse
set palette defined (0 "#ffffff", 1 "#c6dbef", 3 "#6baed6", 6 "#2171b5", 10 "#08306b")
set cbrange [0:*]
set cblabel cblabel noenhanced
set tics out
stats src matrix rowheaders columnheaders using 3 name "M" nooutput
plot src matrix rowheaders columnheaders using 1:2:3 with image pixels, \
     src matrix rowheaders columnheaders using 1:2:($3 > 0 && $3 < M_max / 2 ? sprintf("%g", $3) : "") with labels font "DejaVu Sans,9" tc "#222222", \
     src matrix rowheaders columnheaders using 1:2:($3 >= M_max / 2 ? sprintf("%g", $3) : "") with labels font "DejaVu Sans,9" tc "#ffffff"
