#!/usr/bin/env bash
# tests/run.sh - run tally's whole test suite.
#
#   tests/run.sh              everything (make test builds what it needs first)
#   tests/run.sh PATTERN      only tests whose name contains PATTERN
#   tests/run.sh --regen [PATTERN]
#                             rewrite golden expectations from what the tools
#                             print now; review them with git diff before committing
#
# Parts:
#   unit/*       C unit tests of the library (tests/unit), built with ASan+UBSan
#   unit/scalar/* the tokenizer's unit tests with lib/token.c built without SSE2
#   golden/*     tests/golden/<tool>/<case>.cmd: a shell command run from the
#                repository root with `tally` on PATH (the ASan+UBSan build);
#                <case>.out is the expected stdout, <case>.err the expected
#                stderr (absent: must be empty), <case>.rc the exit status
#                (absent: 0), <case>.in the stdin (absent: /dev/null)
#   valgrind/*   the golden cases again under valgrind with the plain build
#                (skipped where valgrind is missing; <case>.slow skips a case)
#   script/*     tests/scripts/*.sh: checks that need more than one command
#                (independent computations, byte-identity, faults); exit 0 passes
#
# The last line is "N passed, N failed"; the exit status is 1 if any failed.
set -u
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
regen=0
if [ "${1:-}" = "--regen" ]; then regen=1; shift; fi
pattern=${1:-}

ASAN_BIN=${TALLY_ASAN:-$ROOT/build/asan/tally}
PLAIN_BIN=${TALLY_PLAIN:-$ROOT/bin/tally}
for b in "$ASAN_BIN" "$PLAIN_BIN" "$ROOT/build/asan/unit"; do
	[ -x "$b" ] || { echo "tests/run.sh: $b is missing; run make test" >&2; exit 2; }
done
# binaries older than their sources test the old code: say so (make test builds first)
if [ -z "${TALLY_ASAN:-}${TALLY_PLAIN:-}" ] &&
	! make -q bin/tally build/asan/tally build/asan/unit build/asan/unit-scalar 2>/dev/null; then
	echo "tests/run.sh: warning: the test binaries are older than their sources; run" \
		"make bin/tally build/asan/tally build/asan/unit build/asan/unit-scalar first" >&2
fi

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:exitcode=99:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:exitcode=99
export LC_ALL=C.UTF-8 TZ=UTC
T=$ROOT/build/test
rm -rf "$T"
mkdir -p "$T/asan" "$T/vg" "$T/work"
ln -s "$ASAN_BIN" "$T/asan/tally"
cat >"$T/vg/tally" <<EOF
#!/bin/sh
exec valgrind -q --error-exitcode=98 --leak-check=full --show-leak-kinds=definite,indirect \
  --errors-for-leak-kinds=definite,indirect "$PLAIN_BIN" "\$@"
EOF
chmod +x "$T/vg/tally"
export TALLY_ROOT=$ROOT TALLY_TMP=$T/work

pass=0
fail=0
failed=()
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() {
	fail=$((fail + 1))
	failed+=("$1")
	echo "FAIL $1"
	[ -n "${2:-}" ] && printf '%s\n' "$2" | head -n 40 | sed 's/^/     /'
}
want() { [ -z "$pattern" ] || [[ $1 == *"$pattern"* ]]; }

# ---- unit tests -------------------------------------------------------------
if want unit/; then
	out=$("$ROOT/build/asan/unit" 2>"$T/unit.err")
	rc=$?
	while read -r status name; do
		want "$name" || continue
		if [ "$status" = ok ]; then ok "$name"; else bad "$name" "$(cat "$T/unit.err")"; fi
	done <<<"$out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' <<<"$out"; then
		bad unit/harness "$(tail -n 30 "$T/unit.err")"
	fi
fi
# the tokenizer's cases with lib/token.c built without SSE2 (its portable paths)
if want unit/scalar/; then
	out=$("$ROOT/build/asan/unit-scalar" token 2>"$T/unit.err")
	rc=$?
	while read -r status name; do
		name=unit/scalar/${name#unit/}
		if [ "$status" = ok ]; then ok "$name"; else bad "$name" "$(cat "$T/unit.err")"; fi
	done <<<"$out"
	if [ $rc -ne 0 ] && ! grep -q '^FAIL' <<<"$out"; then
		bad unit/scalar/harness "$(tail -n 30 "$T/unit.err")"
	fi
fi

# ---- golden cases -------------------------------------------------------------
run_case() {  # run_case <bindir> <case-prefix> <outdir>
	local bindir=$1 c=$2 o=$3 in=/dev/null
	[ -f "$c.in" ] && in=$c.in
	(cd "$ROOT" && PATH="$bindir:$PATH" bash -c "$(cat "$c.cmd")" <"$in" >"$o.out" 2>"$o.err")
	echo $? >"$o.rc"
}

compare() {  # compare <case-prefix> <outdir> -> prints a diff, returns 1 on mismatch
	local c=$1 o=$2 diffs="" rc_want=0
	[ -f "$c.rc" ] && rc_want=$(cat "$c.rc")
	[ "$(cat "$o.rc")" = "$rc_want" ] || diffs+="exit status $(cat "$o.rc"), expected $rc_want"$'\n'
	if [ -f "$c.out" ]; then
		d=$(diff "$c.out" "$o.out") || diffs+="stdout differs:"$'\n'"$(head -n 20 <<<"$d")"$'\n'
	elif [ -s "$o.out" ]; then
		diffs+="unexpected stdout:"$'\n'"$(head -n 5 "$o.out")"$'\n'
	fi
	if [ -f "$c.err" ]; then
		d=$(diff "$c.err" "$o.err") || diffs+="stderr differs:"$'\n'"$(head -n 20 <<<"$d")"$'\n'
	elif [ -s "$o.err" ]; then
		diffs+="unexpected stderr:"$'\n'"$(head -n 20 "$o.err")"$'\n'
	fi
	[ -z "$diffs" ] && return 0
	printf '%s' "$diffs"
	return 1
}

cases=()
while IFS= read -r f; do cases+=("${f%.cmd}"); done < <(find tests/golden -name '*.cmd' 2>/dev/null | LC_ALL=C sort)

for c in "${cases[@]}"; do
	name=golden/${c#tests/golden/}
	want "$name" || continue
	o=$T/golden-$(echo "$name" | tr / _)
	run_case "$T/asan" "$ROOT/$c" "$o"
	if [ $regen = 1 ]; then
		cp "$o.out" "$c.out"
		if [ -s "$o.err" ]; then cp "$o.err" "$c.err"; else rm -f "$c.err"; fi
		if [ "$(cat "$o.rc")" != 0 ]; then cp "$o.rc" "$c.rc"; else rm -f "$c.rc"; fi
		[ -s "$c.out" ] || rm -f "$c.out"
		echo "regen $name"
		continue
	fi
	if msg=$(compare "$ROOT/$c" "$o"); then ok "$name"; else bad "$name" "$msg"; fi
done

if [ $regen = 1 ]; then
	echo "expectations rewritten: review them with git diff tests/golden"
	exit 0
fi

# ---- the same golden cases under valgrind ---------------------------------------
if command -v valgrind >/dev/null 2>&1 && [ "${TALLY_NO_VALGRIND:-0}" != 1 ]; then
	for c in "${cases[@]}"; do
		name=valgrind/${c#tests/golden/}
		want "$name" || continue
		[ -f "$c.slow" ] && continue
		o=$T/vg-$(echo "$name" | tr / _)
		run_case "$T/vg" "$ROOT/$c" "$o"
		if msg=$(compare "$ROOT/$c" "$o"); then ok "$name"; else bad "$name" "$msg"; fi
	done
else
	echo "note: valgrind not found; the valgrind pass is skipped" >&2
fi

# ---- scripted checks -------------------------------------------------------------
for s in $(find tests/scripts -name '*.sh' 2>/dev/null | LC_ALL=C sort); do
	name=script/$(basename "$s" .sh)
	want "$name" || continue
	log=$T/$(basename "$s").log
	if (cd "$ROOT" && PATH="$T/asan:$PATH" TALLY="$T/asan/tally" TALLY_PLAIN="$PLAIN_BIN" \
	    bash "$s") >"$log" 2>&1; then
		ok "$name"
	else
		bad "$name" "$(tail -n 30 "$log")"
	fi
done

# ---- fuzzing: every target for FUZZ_TIME seconds (make test: 60) ------------------
if want fuzz/ && ls "$ROOT"/build/fuzz/fuzz_* >/dev/null 2>&1; then
	while IFS= read -r line; do
		case $line in
		"ok   "*) pass=$((pass + 1)); echo "$line" ;;
		"FAIL "*) fail=$((fail + 1)); failed+=("${line#FAIL }"); echo "$line" ;;
		*) echo "$line" ;;
		esac
	done < <(bash "$ROOT/tests/fuzz/run.sh" "${FUZZ_TIME:-60}" 2>&1)
fi

if [ $fail -gt 0 ]; then
	echo "failed:"
	printf '  %s\n' "${failed[@]}"
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
