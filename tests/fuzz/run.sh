#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS [TARGET...] - run each libFuzzer target for SECONDS
# (under ASan+UBSan) starting from its seed corpus in tests/fuzz/corpus/<t>/,
# after replaying every saved crash in tests/fuzz/regressions/<t>/.
# New inputs go to build/fuzz/work/<t>/ (outside git); a crash is saved as
# build/fuzz/crash-<t>-*: copy it to tests/fuzz/regressions/<t>/ once fixed.
# The mutation sequence is fixed by FUZZ_SEED (default 1, so that a CI run
# retraces the inputs already tried here; FUZZ_SEED=0 lets libFuzzer pick one,
# as long exploratory runs should).
# Prints "ok   fuzz/<t>" or "FAIL fuzz/<t>" per target, with libFuzzer's
# final statistics (executions, coverage).
set -u
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=($(ls tests/fuzz/fuzz_*.c | sed 's|.*/fuzz_||; s|\.c$||'))
status=0
for t in "${targets[@]}"; do
	bin=build/fuzz/fuzz_$t
	if [ ! -x "$bin" ]; then echo "FAIL fuzz/$t"; echo "     $bin is not built (make fuzz-build)"; status=1; continue; fi
	work=build/fuzz/work/$t
	mkdir -p "$work" tests/fuzz/regressions/$t
	log=build/fuzz/$t.log
	regs=(tests/fuzz/regressions/$t/*)
	if [ -e "${regs[0]}" ] && ! "$bin" -runs=1 "${regs[@]}" >"$log" 2>&1; then
		echo "FAIL fuzz/$t"; echo "     a saved regression input fails again:"; tail -n 20 "$log" | sed 's/^/     /'
		status=1; continue
	fi
	if [ "$secs" -gt 0 ]; then
		if "$bin" -max_total_time="$secs" -seed="${FUZZ_SEED:-1}" -malloc_limit_mb=512 -rss_limit_mb=2048 -timeout=10 \
			-max_len=16384 -print_final_stats=1 -artifact_prefix="build/fuzz/crash-$t-" \
			"$work" tests/fuzz/corpus/$t >"$log" 2>&1; then
			stats=$(grep -E '^stat::(number_of_executed_units|peak_rss_mb)' "$log" | tr '\n' ' ')
			cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n 1)
			echo "ok   fuzz/$t ($secs s; $cov; $stats)"
		else
			echo "FAIL fuzz/$t"; grep -E 'ERROR|SUMMARY|Test unit written|deadly signal|timeout' "$log" | head -n 10 | sed 's/^/     /'
			status=1
		fi
	else
		echo "ok   fuzz/$t (regressions replayed)"
	fi
done
exit $status
