# The network chart's height follows the span of tally layout's y (x is in
# [0, 1], y in [0, span]): a flat network got a fixed 900-pixel square with
# an empty band over a third of it.  Span 0.5: 90 + 940 * 0.66 / 1.24 = 590
# pixels high; the y range ends 0.08 over the highest node.  The chart also
# says what edge width and node size mean.
set -eu
T=$TALLY_TMP/chart_network_height
rm -rf "$T"; mkdir -p "$T"
cd "$TALLY_ROOT"
printf 'node,x,y,degree,strength\nA,0,0,1,2\nB,1,0.5,1,2\n' >"$T/nodes.csv"
printf 'a,b,weight,x1,y1,x2,y2\nA,B,2,0,0,1,0.5\n' >"$T/edges.csv"
gnuplot -e "nodes='$T/nodes.csv'; edges='$T/edges.csv'; out='$T/net.png'" plots/network.gp
file "$T/net.png" | grep -q ' 1000 x 590,' || { file "$T/net.png"; exit 1; }
gnuplot -e "nodes='$T/nodes.csv'; edges='$T/edges.csv'; out='$T/net.svg'" plots/network.gp
grep -q 'viewBox="0 0 1000 590"' "$T/net.svg" || { grep -o 'viewBox="[^"]*"' "$T/net.svg"; exit 1; }
# the chart says what its marks mean: edge width (the caller's words for the
# weight, else "weight") and node size
grep -q "edge width: weight (three widths up to the largest, 2); node size: strength" "$T/net.svg" ||
	{ echo "network chart: no key to edge width and node size"; exit 1; }
gnuplot -e "nodes='$T/nodes.csv'; edges='$T/edges.csv'; key='sentences that mention both'; out='$T/net.svg'" plots/network.gp
grep -q "edge width: sentences that mention both (three" "$T/net.svg" ||
	{ echo "network chart: key= not used"; exit 1; }
