# Progress on long runs (tally(1), "When standard error is a terminal, long
# runs show progress there"): with stderr a terminal (script(1) gives the run
# one), a long run draws "N documents, MB, MB/s" on it and erases it, and
# stdout stays pure CSV; with stderr not a terminal, or with --quiet, nothing
# is drawn.  The long run is one large plain-text file, which terms and
# ngrams cut into jobs that threads count in parallel (--threads 2): the
# main thread reports the bytes counted.  A tool writing rows to the terminal
# draws none (--progress still forces it).
set -eu
d=$TALLY_TMP/progress
rm -rf "$d"; mkdir -p "$d"
# 80 MB with paragraph breaks: long enough (under the sanitizers) for the
# first redraw, which comes after a quarter of a second
python3 -c '
import sys
text = open("corpus/003_b3b9f51542850bb4.txt", "rb").read() + b"\n\n"
with open(sys.argv[1], "wb") as f:
    for _ in range(80000000 // len(text)):
        f.write(text)
' "$d/big.txt"
for tool in terms ngrams; do
	script -qec "tally $tool --threads 2 '$d/big.txt' >'$d/out.csv'" /dev/null \
		</dev/null >"$d/tty"
	grep -q "tally $tool: 1 document, [0-9.]* MB, [0-9.]* MB/s" "$d/tty" ||
		{ echo "$tool: no progress on a terminal"; od -c "$d/tty" | head -5; exit 1; }
	# erased at the end: the last thing written is a carriage return and
	# an erase-line
	[ "$(tail -c 4 "$d/tty" | od -An -c | tr -d ' ')" = '\r033[K' ] ||
		{ echo "$tool: progress not erased"; exit 1; }
	tally $tool --threads 2 "$d/big.txt" >"$d/want.csv" 2>"$d/err"
	[ ! -s "$d/err" ] || { echo "$tool: progress with stderr not a terminal"; exit 1; }
	cmp "$d/want.csv" "$d/out.csv" || { echo "$tool: stdout is not the CSV alone"; exit 1; }
	script -qec "tally $tool --quiet --threads 2 '$d/big.txt' >'$d/out.csv'" /dev/null \
		</dev/null >"$d/tty"
	[ ! -s "$d/tty" ] || { echo "$tool --quiet: progress drawn"; od -c "$d/tty" | head -3; exit 1; }
	cmp "$d/want.csv" "$d/out.csv"
done
# a streaming tool writing its rows to the terminal: no progress line between
# them (it would break them up), unless forced with --progress
head -c 20000000 "$d/big.txt" >"$d/mid.txt"
script -qec "tally kwic -w 1 'securit*' '$d/mid.txt'" /dev/null </dev/null >"$d/tty"
grep -aq 'mid.txt,.*,security' "$d/tty" || { echo "kwic: no rows on the terminal"; exit 1; }
! grep -aq 'tally kwic: 1 document' "$d/tty" ||
	{ echo "kwic: progress drawn between rows on the terminal"; grep -a -m1 'tally kwic: 1' "$d/tty"; exit 1; }
script -qec "tally kwic --progress -w 1 'securit*' '$d/mid.txt'" /dev/null </dev/null >"$d/tty"
grep -aq 'tally kwic: 1 document' "$d/tty" || { echo "kwic --progress: no progress"; exit 1; }
echo "progress: shown on a terminal, never in the CSV, not with --quiet"
