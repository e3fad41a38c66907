# same_threads LABEL TALLY-ARGS...: tally's output with --threads 1 against
# its output with each of $SAME_THREADS (default "2 3 7"), byte for byte;
# writes $T/want.csv and $T/got.csv.  Sourced by the scripts that check that
# threads change nothing.
same_threads() {
	local label=$1 n
	shift
	"$TALLY_PLAIN" "$@" --threads 1 >"$T/want.csv"
	[ -s "$T/want.csv" ] || { echo "$label: no output"; exit 1; }
	for n in ${SAME_THREADS:-2 3 7}; do
		"$TALLY_PLAIN" "$@" --threads "$n" >"$T/got.csv"
		cmp -s "$T/want.csv" "$T/got.csv" || { echo "$label: --threads $n differs"; \
			diff "$T/want.csv" "$T/got.csv" | head; exit 1; }
	done
	echo "ok $label ($(wc -l <"$T/want.csv") rows)"
}
