# -o onto what is not a plain new file: a symbolic link replaces the file it
# points to and stays a link; a FIFO is written in place (not replaced by a
# file); an existing file keeps its mode; a new file gets the umask; a
# directory is refused at once; a signal ending the run (SIGTERM here:
# a background job of a script ignores SIGINT) removes the
# temporary file and leaves an existing target as it was.
set -eu
d=$TALLY_TMP/special
rm -rf "$d"; mkdir -p "$d"
good=tests/data/tok/tricky.txt
tally tokens "$good" >"$d/want.csv"

echo old >"$d/target.csv"
ln -s target.csv "$d/link.csv"
tally tokens -o "$d/link.csv" "$good"
[ -L "$d/link.csv" ] || { echo "-o replaced the symbolic link"; exit 1; }
cmp "$d/want.csv" "$d/target.csv"

mkfifo "$d/fifo"
cat "$d/fifo" >"$d/from-fifo" &
reader=$!
tally tokens -o "$d/fifo" "$good"
wait $reader
[ -p "$d/fifo" ] || { echo "-o replaced the FIFO"; exit 1; }
cmp "$d/want.csv" "$d/from-fifo"

echo old >"$d/mode.csv"
chmod 640 "$d/mode.csv"
tally tokens -o "$d/mode.csv" "$good"
[ "$(stat -c %a "$d/mode.csv")" = 640 ] || { echo "mode not kept: $(stat -c %a "$d/mode.csv")"; exit 1; }
(umask 077; tally tokens -o "$d/private.csv" "$good")
[ "$(stat -c %a "$d/private.csv")" = 600 ] || { echo "umask not applied: $(stat -c %a "$d/private.csv")"; exit 1; }
(umask 022; tally tokens -o "$d/public.csv" "$good")
[ "$(stat -c %a "$d/public.csv")" = 644 ] || { echo "umask 022 gives $(stat -c %a "$d/public.csv")"; exit 1; }

mkdir "$d/dir"
if tally tokens -o "$d/dir" "$good" 2>"$d/err"; then echo "-o onto a directory succeeded"; exit 1; fi
grep -q "dir: cannot create output: Is a directory" "$d/err"

# the run waits on its input (a FIFO kept open) with its temporary file made
echo previous >"$d/sig.csv"
mkfifo "$d/in"
tally tokens -o "$d/sig.csv" "$d/in" 2>/dev/null &
pid=$!
exec 3>"$d/in"
printf 'some words\n' >&3
for _ in $(seq 1 100); do
	ls "$d" | grep -q '^sig.csv.tmp' && break
	sleep 0.1
done
ls "$d" | grep -q '^sig.csv.tmp' || { echo "no temporary file seen"; exit 1; }
kill -TERM $pid
( sleep 20; kill -KILL $pid 2>/dev/null ) &
guard=$!
rc=0; wait $pid || rc=$?
kill $guard 2>/dev/null || true
exec 3>&-
[ $rc -eq 143 ] || { echo "exit status $rc after SIGTERM, expected 143"; exit 1; }
[ -z "$(ls "$d" | grep '^sig.csv.tmp')" ] || { echo "temporary file left after SIGTERM"; exit 1; }
[ "$(cat "$d/sig.csv")" = previous ] || { echo "target changed by the interrupted run"; exit 1; }
echo ok
