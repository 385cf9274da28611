#!/bin/sh
# Runs every test suite twice, with ./gongkai and with the AddressSanitizer +
# UndefinedBehaviorSanitizer build, and prints one summary line at the end:
#   N passed, N failed[, N skipped]
#
# A suite is either a cmocka binary (build/tests/test_*, build/tests-asan/…)
# or a script tests/suites/*.sh whose last line of output is
# "N passed, N failed[, N skipped]". Scripts find the binary in $GONGKAI.
cd "$(dirname "$0")/.." || exit 2
export TZ=UTC LC_ALL=C.UTF-8
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
total_p=0 total_f=0 total_s=0
log=build/test-logs
mkdir -p "$log"

add() { # name passed failed skipped
	printf '%-40s %5s passed, %s failed, %s skipped\n' "$1" "$2" "$3" "$4"
	total_p=$((total_p + $2)); total_f=$((total_f + $3)); total_s=$((total_s + $4))
}

for variant in plain asan; do
	if [ $variant = plain ]; then dir=build/tests; bin=./gongkai; else dir=build/tests-asan; bin=./gongkai-asan; fi
	for t in "$dir"/test_*; do
		[ -x "$t" ] || continue
		name="unit/$(basename "$t") [$variant]"
		out="$log/$(basename "$t").$variant.log"
		"$t" >"$out" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$out" | tail -1)
		p=${p:-0} f=${f:-0} s=${s:-0}
		if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "  $name exited $rc: see $out"; fi
		[ "$f" -ne 0 ] && sed -n '/FAILED\|ERROR\|Sanitizer/p' "$out" | head -20
		add "$name" "$p" "$f" "$s"
	done
	for s in tests/suites/*.sh; do
		[ -f "$s" ] || continue
		name="$(basename "$s" .sh) [$variant]"
		out="$log/$(basename "$s" .sh).$variant.log"
		GONGKAI=$bin VARIANT=$variant sh "$s" >"$out" 2>&1
		rc=$?
		last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out" | tail -1)
		p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
		f=$(echo "$last" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
		k=$(echo "$last" | sed -n 's/.* \([0-9]*\) skipped.*/\1/p')
		p=${p:-0} f=${f:-0} k=${k:-0}
		if [ -z "$last" ] || { [ $rc -ne 0 ] && [ "$f" -eq 0 ]; }; then
			f=$((f + 1)); echo "  $name exited $rc without a clean summary: see $out"
		fi
		[ "$f" -ne 0 ] && grep -E '^(FAIL|not ok)' "$out" | head -20
		add "$name" "$p" "$f" "$k"
	done
done
echo
if [ $total_s -gt 0 ]; then
	echo "$total_p passed, $total_f failed, $total_s skipped"
else
	echo "$total_p passed, $total_f failed"
fi
[ $total_f -eq 0 ]
