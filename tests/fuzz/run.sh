#!/bin/sh
# make fuzz: run every libFuzzer target in build/fuzz/ for FUZZ_TIME
# seconds (default 60), one after the other, from its committed seeds
# (tests/fuzz/seeds/TARGET) and regressions (tests/fuzz/regressions/TARGET).
# New inputs go to a temporary working corpus (build/fuzz/corpus/TARGET,
# emptied first), so the committed seeds stay small. A crash, leak, hang
# (-timeout) or memory blow-up (-rss_limit_mb) stops that target and leaves
# the input in build/fuzz/artifacts/TARGET/; the script exits 1 if any
# target failed.
#   FUZZ_TIME=600 make fuzz            ten minutes each
#   FUZZ_TARGETS="markdown yaml" ...   only those targets
cd "$(dirname "$0")/../.." || exit 2
time=${FUZZ_TIME:-60}
targets=${FUZZ_TARGETS:-"frontmatter yaml template markdown search history"}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=0

for t in $targets; do
	bin=build/fuzz/fuzz_$t
	[ -x "$bin" ] || { echo "fuzz: $bin missing (make fuzz-build)"; exit 2; }
	# Longest input worth trying: a content file's front matter, a
	# theme's template set, a long page, a cache of a few hundred commits.
	case $t in
	frontmatter|yaml)	max_len=8192 ;;
	template)		max_len=8192 ;;
	markdown)		max_len=32768 ;;
	search)			max_len=4096 ;;
	history)		max_len=65536 ;;
	*)			max_len=4096 ;;
	esac
	corpus=build/fuzz/corpus/$t
	art=build/fuzz/artifacts/$t
	rm -rf "$corpus"
	mkdir -p "$corpus" "$art" tests/fuzz/regressions/$t
	dict=""
	[ -f tests/fuzz/$t.dict ] && dict="-dict=tests/fuzz/$t.dict"
	echo "fuzz: $t for ${time}s (max_len $max_len)"
	log=build/fuzz/$t.log
	"$bin" -max_total_time="$time" -max_len="$max_len" -timeout=10 \
	    -rss_limit_mb=2048 -malloc_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$art/" $dict \
	    "$corpus" tests/fuzz/seeds/$t tests/fuzz/regressions/$t \
	    >"$log" 2>&1
	rc=$?
	sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/  executions: \1/p; s/^stat::peak_rss_mb: *\([0-9]*\)/  peak RSS: \1 MB/p' "$log"
	echo "  corpus: $(ls "$corpus" | wc -l) inputs"
	if [ $rc -ne 0 ]; then
		failed=1
		echo "  FAILED (exit $rc): see $log; inputs in $art/"
		grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
	fi
done
exit $failed
