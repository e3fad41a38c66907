#!/usr/bin/env bash
# Every tally command line in README.md's code blocks runs as written: from a
# scratch directory holding bin/ and corpus/ (links to the checkout's), each
# line under `set -o pipefail` must exit 0 (or 141, SIGPIPE after `head`) with
# nothing on stderr, and a line
# that does not redirect its output must print something.  The GNU parallel
# recipe's merged terms.csv must equal one run over the same files.
# (The quick start's `make deps && make` and `make test` are what CI runs.)
set -eu
T=$TALLY_TMP/readme_commands
rm -rf "$T"
mkdir -p "$T"
ln -s "$TALLY_ROOT/bin" "$T/bin"
ln -s "$TALLY_ROOT/corpus" "$T/corpus"
awk '/^```/ { f = !f; next } f' README.md |
	grep -E '^(bin/tally|ls |mkdir |cat |echo )' >"$T/lines"
n=$(wc -l <"$T/lines")
[ "$n" -ge 8 ] || { echo "only $n command lines found in README.md"; exit 1; }
fail=0
while IFS= read -r line; do
	rc=0
	(cd "$T" && bash -c "set -o pipefail; $line") >"$T/out" 2>"$T/err" </dev/null || rc=$?
	# 141: a command was stopped by SIGPIPE because `head` had read enough,
	# as it happens in any shell; every other non-zero status is a failure
	if [ $rc != 0 ] && [ $rc != 141 ]; then
		echo "README command failed (exit $rc): $line"; sed 's/^/  /' "$T/err"; fail=1; continue
	fi
	if [ -s "$T/err" ]; then
		echo "README command wrote to stderr: $line"; sed 's/^/  /' "$T/err"; fail=1
	fi
	case $line in
	mkdir*|*'> '*) ;;
	*) [ -s "$T/out" ] || { echo "README command printed nothing: $line"; fail=1; } ;;
	esac
done <"$T/lines"
[ $fail = 0 ] || exit 1
[ -s "$T/terms.csv" ] || { echo "the parallel recipe wrote no terms.csv"; exit 1; }
(cd "$T" && bin/tally terms corpus/*.txt) >"$T/whole.csv"
cmp "$T/terms.csv" "$T/whole.csv"
echo "$n README command lines ran"
