# No half-written output: a run that fails after writing rows leaves an empty
# file on a redirected stdout, no file with -o (and no temporary file), and an
# existing -o target untouched; a successful -o run writes the whole output.
set -eu
d=$TALLY_TMP/atomic
rm -rf "$d"; mkdir -p "$d"
good=tests/data/tok/tricky.txt bad=tests/data/tok/badutf8.txt
if tally tokens "$good" "$bad" >"$d/out.csv" 2>"$d/err"; then echo "expected failure"; exit 1; fi
[ ! -s "$d/out.csv" ] || { echo "stdout file kept $(wc -c <"$d/out.csv") bytes"; exit 1; }
grep -q 'badutf8.txt:2:17: invalid UTF-8 byte 0xff' "$d/err"
if tally tokens -o "$d/o.csv" "$good" "$bad" 2>/dev/null; then echo "expected failure"; exit 1; fi
[ ! -e "$d/o.csv" ] || { echo "-o left a file"; exit 1; }
[ -z "$(ls "$d" | grep tmp)" ] || { echo "temporary file left: $(ls "$d")"; exit 1; }
echo previous >"$d/keep.csv"
tally tokens -o "$d/keep.csv" "$bad" 2>/dev/null && exit 1
[ "$(cat "$d/keep.csv")" = previous ] || { echo "-o target changed on failure"; exit 1; }
tally tokens -o "$d/keep.csv" "$good"
tally tokens "$good" | cmp - "$d/keep.csv"
# appending to a file keeps what was there before the failed run
echo first >"$d/app.csv"
tally tokens "$bad" >>"$d/app.csv" 2>/dev/null && exit 1
[ "$(cat "$d/app.csv")" = first ] || { echo "output appended by the failed run is not undone"; exit 1; }
echo ok
