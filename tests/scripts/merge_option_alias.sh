# An option with two names (cooc --min-count and --min) is recorded in a
# partial by one of them: shards that spell it differently merge, to the
# single run's bytes (they were refused as runs with other options).
set -eu
T=$TALLY_TMP/merge_option_alias
rm -rf "$T"; mkdir -p "$T"
cd "$TALLY_ROOT"
set -- corpus/*.txt
tally cooc --terms --min-count 2 --partial "$1" >"$T/p1.csv"
tally cooc --terms --min 2 --partial "$2" >"$T/p2.csv"
tally cooc --terms --min=2 --partial "$2" >"$T/p3.csv"
tally cooc --terms --min-count 2 corpus/*.txt >"$T/want.csv"
tally merge "$T/p1.csv" "$T/p2.csv" | cmp - "$T/want.csv"
cmp "$T/p2.csv" "$T/p3.csv"
