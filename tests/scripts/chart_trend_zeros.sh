# The trend chart draws a term at 0 on a date where it does not occur (such a
# date has no row in `terms --by date`), so its line does not bridge that date
# with the values on either side.  gnuplot's `set table` writes the points the
# chart would draw.
set -eu
T=$TALLY_TMP/chart_trend_zeros
rm -rf "$T"; mkdir -p "$T"
cat >"$T/by.csv" <<'CSV'
date,term,count,freq_per_million
2026-01-01,peace,2,200000
2026-01-01,d'ivoire,1,100000
2026-01-02,war,3,300000
2026-01-03,peace,1,50000
,peace,9,900000
CSV
cd "$TALLY_ROOT"
gnuplot -e "in='$T/by.csv'; out='$T/t.png'; terms='peace d''ivoire'" -e "set table '$T/points.txt'" plots/trend.gp
# one block per term: the date (x) and the value (y); the undated row is NaN
awk '/^# Curve title/ { print; next } /^"/ { print $1, $2, $3, $4 }' "$T/points.txt" >"$T/got"
cat >"$T/want" <<'OUT'
# Curve title: "peace"
"01 Jan 2026" 200000
"02 Jan 2026" 0
"03 Jan 2026" 50000
# Curve title: "d'ivoire"
"01 Jan 2026" 100000
"02 Jan 2026" 0
"03 Jan 2026" 0
OUT
diff "$T/want" "$T/got"
# a column the chart is told to read that the table lacks is an error, not a
# line of zeros (or of the dates' years)
for v in "key='entity'" "value='nosuch'" "group='day'"; do
	if gnuplot -e "in='$T/by.csv'; out='$T/t.png'; terms='peace'; $v" plots/trend.gp 2>"$T/err"; then
		echo "$v: gnuplot succeeded"; exit 1
	fi
	grep -q 'has no column' "$T/err" || { echo "$v:"; cat "$T/err"; exit 1; }
done
