# Faults: every tool, under injected allocation and read failures, stops with
# a one-line error and status 1 -- never a crash, a sanitizer report or a
# leak; a run that ends with status 0 despite a fault writes what a run
# without faults writes (a list cut short where memory ran out is an error,
# not a shorter list); short reads change nothing; a full disk is an error; a
# closed pipe ends the run quietly.
#
# The sanitizer build honours TALLY_FAIL_ALLOC=N / TALLY_FAIL_READ=N (the Nth
# allocation or read of libtally fails); the LD_PRELOAD shim
# (tests/fault/shim.c) fails the Nth malloc of the whole process, libc's
# included, in the plain build.
set -u
shim=$TALLY_ROOT/build/fault/shim.so
[ -f "$shim" ] || { echo "missing $shim (make test builds it)"; exit 1; }
fails=0
# tool|arguments; tools not built yet are skipped
cases=(
	"tokens|corpus/"
	"tokens|--sentences tests/data/tok/news.csv --text-col body"
	"terms|corpus/"
	"ngrams|-n 2 corpus/"
	"colloc|corpus/"
	"keyness|--target kind=teaser corpus/"
	"kwic|peace corpus/"
	"entities|corpus/"
	"cooc|corpus/"
	"tone|corpus/"
	"terms|--threads 1 --stopwords @SW@ corpus/"
	"tone|--lexicon @LEX@ corpus/"
)
# option files with lines longer than getline's first buffer, so that reading
# them allocates (stopwords: a long comment; a lexicon with a long entry)
sw=$TALLY_TMP/fault_sw.txt lex=$TALLY_TMP/fault_lex.tsv
{ printf '%s\n' the a; printf '# %0500d\n' 0; printf '%s\n' peace of and; } >"$sw"
{ printf 'good\t1.9\n'; printf '%s\t-0.5\n' "$(printf 'x%.0s' $(seq 1 300))"; printf 'peace\t2.5\n'; } >"$lex"
check() {  # check <label> <status> <stderr-file>
	local label=$1 rc=$2 err=$3
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
		echo "FAIL $label: status $rc"; head -n 5 "$err"; fails=$((fails + 1)); return
	fi
	if grep -qE 'Sanitizer|runtime error|LeakSanitizer|Segmentation' "$err"; then
		echo "FAIL $label: sanitizer report"; head -n 12 "$err"; fails=$((fails + 1)); return
	fi
	if [ "$rc" -eq 1 ] && [ "$(wc -l <"$err")" -ne 1 ]; then
		echo "FAIL $label: expected one line on stderr"; head -n 5 "$err"; fails=$((fails + 1))
	fi
}
e=$TALLY_TMP/fault.err base=$TALLY_TMP/fault.base out=$TALLY_TMP/fault.out
same() {  # same <label> <status>: a run that succeeded wrote the baseline's bytes
	if [ "$2" -eq 0 ] && ! cmp -s "$base" "$out"; then
		echo "FAIL $1: status 0 but the output differs from a run without faults"
		fails=$((fails + 1))
	fi
}
for c in "${cases[@]}"; do
	tool=${c%%|*}
	a=${c#*|} a=${a//@SW@/$sw} a=${a//@LEX@/$lex}
	read -r -a args <<<"$a"
	tally "$tool" --help >/dev/null 2>&1 || continue
	tally "$tool" "${args[@]}" >"$base" 2>/dev/null || { echo "FAIL $tool: baseline run fails"; fails=$((fails + 1)); continue; }
	ran=0
	for n in $(seq 1 40) $(seq 45 23 600); do
		TALLY_FAIL_ALLOC=$n tally "$tool" "${args[@]}" >"$out" 2>"$e"
		rc=$?
		check "$tool alloc $n" $rc "$e"
		same "$tool alloc $n" $rc
		[ $rc -eq 0 ] && break
		ran=$((ran + 1))
	done
	for n in $(seq 1 8); do
		TALLY_FAIL_READ=$n tally "$tool" "${args[@]}" >"$out" 2>"$e"
		rc=$?
		check "$tool read $n" $rc "$e"
		same "$tool read $n" $rc
	done
	for n in $(seq 1 40); do
		LD_PRELOAD=$shim TALLY_FAIL_MALLOC=$n "$TALLY_PLAIN" "$tool" "${args[@]}" >"$out" 2>"$e"
		rc=$?
		check "$tool libc malloc $n" $rc "$e"
		same "$tool libc malloc $n" $rc
	done
	if ! cmp -s <(LD_PRELOAD=$shim TALLY_SHORT_READ=1 "$TALLY_PLAIN" "$tool" "${args[@]}") \
	            <("$TALLY_PLAIN" "$tool" "${args[@]}"); then
		echo "FAIL $tool: output changes with short reads"; fails=$((fails + 1))
	fi
	tally "$tool" "${args[@]}" >/dev/full 2>"$e"
	rc=$?
	if [ $rc -ne 1 ] || ! grep -q 'write error: No space left on device' "$e"; then
		echo "FAIL $tool >/dev/full: status $rc: $(cat "$e")"; fails=$((fails + 1))
	fi
	echo "$tool: $ran allocation failures, 8 read failures, 40 libc malloc failures, short reads, /dev/full"
done
# a closed pipe ends quietly: no message, status 0 or SIGPIPE
big=$TALLY_TMP/big.txt
for _ in $(seq 1 40); do cat corpus/*.txt; done >"$big"
for tool in tokens terms entities tone; do
	tally "$tool" --help >/dev/null 2>&1 || continue
	"$TALLY_PLAIN" "$tool" "$big" 2>"$e" | head -n 1 >/dev/null
	rc=${PIPESTATUS[0]}
	if [ -s "$e" ] || { [ $rc -ne 0 ] && [ $rc -ne 141 ]; }; then
		echo "FAIL $tool | head: status $rc, stderr: $(head -c 200 "$e")"; fails=$((fails + 1))
	fi
done
[ $fails -eq 0 ]
