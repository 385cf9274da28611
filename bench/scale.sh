#!/bin/sh
# Scaling benchmark (make bench-scale; not part of make bench, it takes
# minutes): a cold build with history and checks of 5,000 pages and of
# 50,000 pages (bench/gen_corpus.py, 3000 commits each), median of RUNS,
# and the ratio. Issue 8 asks for at most 11x. Numbers, never pass/fail.
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
G=${GONGKAI:-$ROOT/gongkai}
COMMITS=${COMMITS:-3000}
RUNS=${RUNS:-3}
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
[ -x "$G" ] || make gongkai >/dev/null || exit 2

. bench/corpus.sh

# cold PAGES: median wall ms and peak KB of RUNS cold builds
cold() {
	c=$(bench_corpus "$1" "$COMMITS") || exit 2
	: >"$tmp/ms"; : >"$tmp/kb"
	i=0
	while [ $i -lt "$RUNS" ]; do
		# a folder never used before, as in bench/build.sh: deleting the
		# last run's files first makes ext4 here slow to create new ones
		out=$ROOT/build/bench/out-scale-$1-$i
		rm -rf "$c/.gongkai"
		/usr/bin/time -f '%e %M' -o "$tmp/t" "$G" build --site "$c" --out "$out" -q >/dev/null 2>&1
		awk '{ printf "%d\n", $1 * 1000 }' "$tmp/t" >>"$tmp/ms"
		awk '{ print $2 }' "$tmp/t" >>"$tmp/kb"
		i=$((i + 1))
	done
	echo "$(sort -n "$tmp/ms" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }') $(sort -n "$tmp/kb" | tail -1)"
}

tmp=$(mktemp -d)
rm -rf "$ROOT"/build/bench/out-scale-*	# left by an interrupted run
trap 'rm -rf "$tmp" "$ROOT"/build/bench/out-scale-*' EXIT
echo "scaling benchmark: cold builds with history and checks, $COMMITS commits, median of $RUNS, $(nproc) cores"
set -- $(cold 5000);  s_ms=$1 s_kb=$2
set -- $(cold 50000); l_ms=$1 l_kb=$2
echo "| pages | median | peak RSS |"
echo "|---|---|---|"
echo "| 5,000 | $s_ms ms | $((s_kb / 1024)) MiB |"
echo "| 50,000 | $l_ms ms | $((l_kb / 1024)) MiB |"
awk -v a="$l_ms" -v b="$s_ms" 'BEGIN { printf "50,000 pages took %.1fx the time of 5,000 (issue 8: at most 11x).\n", a / b }'
