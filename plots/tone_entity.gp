# tone_entity.gp - mean tone of the sentences that mention each entity, with
# its 95% bootstrap interval, from `tally tone --level entity` (columns
# entity, n, mean, ci_low, ci_high).  Entities with the most sentences come
# first (ties by name).
#   gnuplot -e "in='analysis/tone_entities.csv'; out='plots/tone_entities.svg'" plots/tone_entity.gp
# Variables: top (entities to draw, default 20), min_n (only entities with at
# least this many sentences, default 2).
if (!exists("top")) top = 20
if (!exists("min_n")) min_n = 2
if (!exists("height")) height = 720
load "plots/common.gp"
# the rows to draw, in order: entities with enough sentences
sel = src . " | awk -F'\t' -v m=" . min_n . " 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print \"999999999\t\t\" $0; next } $c[\"n\"] >= m { print $c[\"n\"] \"\t\" $c[\"entity\"] \"\t\" $0 }'" . \
	" | LC_ALL=C sort -t '\t' -s -k1,1nr -k2,2 | cut -f 3- | head -n " . (top + 1)
if (nrows(sel) == 0) { nodata = sprintf("no entity has %d or more sentences in ", min_n) . in; load "plots/nodata.gp" }
stats sel using (column("mean")) name "T" nooutput
# say what is not drawn: entities with too few sentences, and those past top
few = int(system(src[3:] . " | awk -F'\t' -v m=" . min_n . " 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $c[\"n\"] < m { k++ } END { print k + 0 }'"))
over = nrows(src) - few - top
note = (few > 0 ? sprintf("not drawn: %d %s with fewer than %d sentences", few, few == 1 ? "entity" : "entities", min_n) : "") . \
	(over > 0 ? sprintf("%s%d more after the first %d (by sentences, then name)", few > 0 ? "; " : "not drawn: ", over, top) : "")
if (strlen(note) > 0) { set bmargin 5; set label 10 note at screen 0.99, screen 0.015 right font "DejaVu Sans,10" tc "#555555" noenhanced }
set ytics scale 0 font "DejaVu Sans,11"
set yrange [T_records + 0.5 : 0.5]
set xrange [-1:1]
set xlabel "mean tone of the sentences (compound, −1 … +1), 95% bootstrap interval" noenhanced
set grid x noy
set xzeroaxis
set arrow from 0, graph 0 to 0, graph 1 nohead lc "#888888" dt 2
plot sel using (column("mean")):($0 + 1):(column("ci_low")):(column("ci_high")):ytic(sprintf("%s (n=%d)", stringcolumn("entity"), column("n"))) \
	with xerrorbars pt 7 ps 1.3 lw 1.5 lc rgb c1
