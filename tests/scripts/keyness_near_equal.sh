#!/usr/bin/env bash
# Keyness of terms used at almost the same rate in target and reference,
# with large counts (10,587 in 100,003 words against 13,070 in 123,457):
# o - e is a small difference of large numbers, and g2, g2_2term, chi2,
# log_ratio and pct_diff must still be right to the 10 digits printed.
# Expected values: exact rational arithmetic (Python's decimal at 50 digits),
# rounded to 10 digits; o - e taken from the rounded expected counts (and
# a/c - b/d from the rounded rates) gave only 7 or 8 right.
set -eu
T=$TALLY_TMP/keyness_near_equal
rm -rf "$T"
mkdir -p "$T"
cd "$T"
gen() {
	local out=$1
	shift
	: >"$out"
	while [ $# -gt 0 ]; do
		yes "$1" | head -n "$2" >>"$out"
		shift 2
	done
}
gen target.txt t0 10587 t1 11670 t2 12365 x 65381
gen reference.txt t0 13070 t1 14407 t2 15265 y 80715
tally keyness target.txt reference.txt | grep '^t[0-9],' >got.csv
cat >want.csv <<'ROWS'
t0,10587,13070,105866.824,105866.82,9.193937165e-12,0.9999975807,0.9999995385,8.220604256e-12,9.193937175e-12,0.9999975807,0,1,5.408564268e-08,3.748931143e-06
t2,12365,15265,123646.2906,123646.2898,3.345114112e-13,0.9999995385,0.9999995385,2.931503162e-13,3.345114113e-13,0.9999995385,0,1,9.450715733e-09,6.550736986e-07
t1,11670,14407,116696.4991,116696.5016,-3.37930244e-12,0.9999985333,0.9999995385,-2.984949671e-12,3.379302437e-12,0.9999985333,0,1,-3.1041997e-08,-2.151667247e-06
ROWS
diff want.csv got.csv
