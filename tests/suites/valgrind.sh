#!/bin/sh
# The demo site under valgrind's memcheck: `gongkai build` (into a
# temporary folder, audited as of 2016-01-25 as build.sh does), `gongkai
# check` (which checks every page: it has no check cache) and `gongkai
# audit`, and the fuzz targets' seeds and regressions (built as plain
# programs). Every process, the forked libtidy workers included, must end
# with no memory error and a LEAK SUMMARY of "definitely lost: 0" and
# "indirectly lost: 0"; "still reachable" (libgit2's, libtidy's and
# libyaml's global tables) is fine. Needs the plain binary, built with
# -O2 -g: under the sanitizer build (VARIANT=asan) the suite is skipped,
# as it is when valgrind is not installed (tests/install-test-deps.sh
# installs it).
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
ROOT=$PWD
if [ "${VARIANT:-plain}" != plain ] || ! command -v valgrind >/dev/null 2>&1; then
	echo "skip valgrind (variant ${VARIANT:-plain}; valgrind: $(command -v valgrind || echo missing))"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
fi
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok()  { pass=$((pass + 1)); echo "ok $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# run NAME EXPECTED_STATUS ARGS...: one command under memcheck, then its
# summaries, one per process.
run() {
	name=$1 want=$2
	shift 2
	log="$tmp/$name.vg"
	valgrind --leak-check=full --error-exitcode=99 --num-callers=30 \
	    --log-file="$log.%p" "$G" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	rc=$?
	cat "$log".* >"$log"
	procs=$(grep -c 'LEAK SUMMARY' "$log")
	if [ "$rc" -eq "$want" ]; then ok "$name: exit $rc"
	else bad "$name: exit $rc, expected $want (99: memcheck errors)"; sed 5q "$tmp/$name.err"; fi
	if [ "$procs" -ge 1 ]; then ok "$name: $procs process(es) reported"
	else bad "$name: no LEAK SUMMARY in the valgrind log"; fi
	for kind in "definitely lost" "indirectly lost"; do
		n=$(grep -E "$kind: " "$log" | grep -vc "$kind: 0 bytes in 0 blocks")
		if [ "$n" -eq 0 ]; then ok "$name: $kind: 0"
		else bad "$name: $kind in $n process(es)"; grep -E "$kind: " "$log"; fi
	done
	n=$(grep 'ERROR SUMMARY' "$log" | grep -vc 'ERROR SUMMARY: 0 errors')
	if [ "$n" -eq 0 ]; then ok "$name: no memory errors"
	else
		bad "$name: memory errors in $n process(es)"
		grep -E -A12 'Invalid|uninitialised|are definitely lost|Mismatched' "$log" | head -60
	fi
	grep -h -A5 'LEAK SUMMARY' "$log" | sed -n 's/^==[0-9]*== *//p' | sort | uniq -c
}

run build 0 build --site "$ROOT" --out "$tmp/out" --today 2016-01-25 -q
if [ -f "$tmp/out/index.html" ]; then ok "build: the demo was written"
else bad "build: no index.html in the output"; fi
run check 0 check --site "$ROOT" -q
run audit 0 audit --site "$ROOT" --today 2016-01-25

# The fuzz targets' seeds and regressions, replayed by the targets built
# as plain programs (make fuzz-plain): ASan sees only what our code does,
# memcheck also what md4c, cmark-gfm, libyaml and jansson read.
# (md4c 0.4.8 reads past the end of some inputs: see
# tests/fuzz/regressions/markdown/.)
if make -s fuzz-plain >"$tmp/fuzz-plain.log" 2>&1; then
	ok "make fuzz-plain"
	for bin in build/fuzz/plain/fuzz_*; do
		t=${bin##*/fuzz_}
		files=$(ls -d tests/fuzz/seeds/$t/* tests/fuzz/regressions/$t/* 2>/dev/null)
		[ -n "$files" ] || continue
		valgrind -q --leak-check=full --error-exitcode=99 \
		    --log-file="$tmp/fuzz-$t.vg" "$bin" $files >/dev/null 2>&1
		rc=$?
		if [ "$rc" -eq 0 ] && [ ! -s "$tmp/fuzz-$t.vg" ]; then
			ok "fuzz replay under memcheck: $t ($(echo "$files" | wc -l) files)"
		else
			bad "fuzz replay under memcheck: $t (exit $rc)"
			head -40 "$tmp/fuzz-$t.vg"
		fi
	done
else
	bad "make fuzz-plain"
	tail -20 "$tmp/fuzz-plain.log"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
