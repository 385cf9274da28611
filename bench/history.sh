#!/bin/sh
# bench/history.sh — the history pass against git log on the generated
# corpus (gen_corpus.py --pages 5000 --commits 3000), median of 5 runs,
# measured side by side (the runs interleave, so machine load hits all
# equally). A benchmark, not a test: it prints numbers and the targets.
#
#   git log --no-merges --no-renames --name-only       what git needs
#   gongkai history --no-cache                         cold: full walk
#   gongkai history --no-cache --count                 cold, no printing
#   gongkai history           (warm cache, no new commit)
#   gongkai history --count   (warm cache, no new commit)   target < 30 ms
#
# Environment: GONGKAI (binary), PAGES, COMMITS, RUNS.
# The corpus is kept under build/bench/ so reruns skip generating it.
cd "$(dirname "$0")/.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
PAGES=${PAGES:-5000}
COMMITS=${COMMITS:-3000}
RUNS=${RUNS:-5}
cache=$PWD/build/bench/history-cache-$PAGES-$COMMITS
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GONGKAI_DEBUG

[ -x "$G" ] || make gongkai >/dev/null || exit 2
. bench/corpus.sh
corpus=$(bench_corpus "$PAGES" "$COMMITS") || exit 2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now() { date +%s%N; }
# time NAME COMMAND...: run once, append the wall time in ms to $tmp/NAME
time_it() {
	name=$1; shift
	s=$(now)
	"$@" >/dev/null 2>&1
	e=$(now)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.1f\n", (e - s) / 1e6 }' >>"$tmp/$name"
}
median() { sort -n "$tmp/$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Warm the page cache and write the history cache once.
git -C "$corpus" log --no-merges --no-renames --name-only >/dev/null
rm -rf "$cache"
"$G" history --repo "$corpus" --cache "$cache" --count >/dev/null
lines=$(git -C "$corpus" log --no-merges --no-renames --name-only --format= | grep -c .)

i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	time_it gitlog git -C "$corpus" log --no-merges --no-renames --name-only
	time_it cold "$G" history --repo "$corpus" --no-cache
	time_it coldcount "$G" history --repo "$corpus" --no-cache --count
	time_it warm "$G" history --repo "$corpus" --cache "$cache"
	time_it warmcount "$G" history --repo "$corpus" --cache "$cache" --count
done

g=$(median gitlog) c=$(median cold) cc=$(median coldcount)
w=$(median warm) wc=$(median warmcount)
cores=$(nproc 2>/dev/null || echo "?")
echo "history benchmark: $PAGES pages, $COMMITS commits, $lines (path, commit) lines;"
echo "median of $RUNS interleaved runs, $cores cores"
printf '  %-58s %8s ms\n' "git log --no-merges --no-renames --name-only" "$g"
printf '  %-58s %8s ms\n' "gongkai history --no-cache (cold, all lines printed)" "$c"
printf '  %-58s %8s ms\n' "gongkai history --no-cache --count (cold, summary only)" "$cc"
printf '  %-58s %8s ms\n' "gongkai history (warm cache, no new commit, all lines)" "$w"
printf '  %-58s %8s ms\n' "gongkai history --count (warm cache, no new commit)" "$wc"
awk -v g="$g" -v c="$c" -v wc="$wc" 'BEGIN {
	printf "target: cold pass no slower than git log: %s (%.2fx git log)\n",
	    c <= g ? "met" : "NOT met", c / g
	printf "target: warm pass under 30 ms: %s\n", wc < 30 ? "met" : "NOT met"
}'
