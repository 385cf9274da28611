#!/bin/sh
# The fuzz targets (tests/fuzz/fuzz_*.c) replay their seeds and every
# input a fuzzer once broke them with (tests/fuzz/regressions/TARGET/,
# named after the bug): each file runs once, without fuzzing, under
# ASan+UBSan with leak detection; one test per (target, file). Builds the
# targets with clang first (`make fuzz-build`). The targets are sanitizer
# builds already, so the replay runs once, in the plain variant; it is
# skipped when clang is missing (tests/install-test-deps.sh installs it
# and its libFuzzer runtime).
cd "$(dirname "$0")/../.." || exit 2
if [ "${VARIANT:-plain}" != plain ]; then
	echo "skip: the fuzz targets replay in the plain variant only"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
if ! command -v "${FUZZ_CC:-clang}" >/dev/null 2>&1; then
	echo "skip: no clang"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

log=build/fuzz/build.log
mkdir -p build/fuzz
if make -s -j"$(nproc 2>/dev/null || echo 2)" fuzz-build >"$log" 2>&1; then
	ok "make fuzz-build"
else
	bad "make fuzz-build (see $log)"
	tail -20 "$log"
	echo "$pass passed, $fail failed"
	exit 1
fi
# The targets must build as cleanly as the rest.
if grep -q 'warning:' "$log"; then
	bad "fuzz targets build without warnings"
	grep 'warning:' "$log" | head
else
	ok "fuzz targets build without warnings"
fi

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
out=build/fuzz/replay.log
for src in tests/fuzz/fuzz_*.c; do
	t=$(basename "$src" .c)
	t=${t#fuzz_}
	bin=build/fuzz/fuzz_$t
	files=$(ls -d tests/fuzz/seeds/$t/* tests/fuzz/regressions/$t/* 2>/dev/null)
	[ -n "$files" ] || continue
	# All of a target's files in one run (libFuzzer runs each file it is
	# given and says "Executed FILE"); -timeout makes a hang a failure.
	# When the run fails, each file runs alone to tell which ones fail.
	if "$bin" -timeout=20 -rss_limit_mb=2048 $files >"$out" 2>&1; then
		for f in $files; do
			if grep -q -F "Executed $f in" "$out"; then ok "$t: $f"
			else bad "$t: $f was not run"; fi
		done
		continue
	fi
	for f in $files; do
		if "$bin" -timeout=20 -rss_limit_mb=2048 "$f" >"$out" 2>&1; then
			ok "$t: $f"
		else
			bad "$t: $f"
			grep -E 'ERROR|SUMMARY|runtime error|#[0-9] ' "$out" | head -12
		fi
	done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
