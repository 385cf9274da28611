#!/bin/sh
# Build benchmark (make bench): gongkai against Hugo on the same corpus
# (bench/gen_corpus.py, 5000 pages, 3000 commits), side by side in one run,
# median of RUNS runs each:
#
#   gongkai cold (history and checks), gongkai cold --no-check,
#   gongkai rebuild with nothing changed, gongkai rebuild after editing one
#   page, Hugo (Debian's hugo, bench/hugo/ theme, enableGitInfo = true).
#
# Prints medians, peak RSS and ratios; with UPDATE_README=1 also writes the
# table into README.md between the bench markers. Numbers, never pass/fail.
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
G=${GONGKAI:-$ROOT/gongkai}
PAGES=${PAGES:-5000}
COMMITS=${COMMITS:-3000}
RUNS=${RUNS:-5}
out=$ROOT/build/bench/out
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

[ -x "$G" ] || make gongkai >/dev/null || exit 2
command -v hugo >/dev/null 2>&1 || {
	echo "installing hugo (Debian package) for the comparison"
	SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq hugo >/dev/null || exit 2
}
. bench/corpus.sh
corpus=$(bench_corpus "$PAGES" "$COMMITS") || exit 2
page=$(cd "$corpus" && ls content/faq/*.md | head -1)

# time_cmd LABEL SETUP CMD: RUNS runs, prints "median_ms peak_kb"
time_cmd() {
	i=0
	: >"$tmp/ms" ; : >"$tmp/kb"
	while [ $i -lt "$RUNS" ]; do
		export RUN=$i
		eval "$2"
		sync
		/usr/bin/time -f '%e %M' -o "$tmp/t" sh -c "$3" >/dev/null 2>&1
		awk '{ printf "%d\n", $1 * 1000 }' "$tmp/t" >>"$tmp/ms"
		awk '{ print $2 }' "$tmp/t" >>"$tmp/kb"
		i=$((i + 1))
	done
	ms=$(sort -n "$tmp/ms" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	kb=$(sort -n "$tmp/kb" | tail -1)
	echo "$ms $kb"
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp" "$out"-cold-* "$out"-nocheck-*; (cd "$corpus" && git checkout -q -- "$page")' EXIT

# Cold builds write to folders never used before and nothing is deleted
# until the end: ext4 (without a journal, as here) skips inodes freed in
# the last minutes when it allocates new ones, so deleting the previous
# run's 18,000 files right before a build made that build pay for them
# (Hugo too). A fresh CI checkout has nothing recently deleted.
cold="rm -rf '$corpus/.gongkai'"
gkcold="'$G' build --site '$corpus' --out '$out-cold-'\$RUN -q"
gk="'$G' build --site '$corpus' --out '$out' -q"
edit="(cd '$corpus' && git checkout -q -- '$page' && printf '\n編輯 %s\n' \"\$(date +%s%N)\" >>'$page')"
hugo="hugo --source '$corpus' --config '$ROOT/bench/hugo/config.toml' --themesDir '$ROOT/bench/hugo/themes' --destination '$tmp/hugo-'\$RUN --quiet"

echo "build benchmark: $PAGES pages, $COMMITS commits, median of $RUNS, $(nproc) cores"
set -- $(time_cmd cold "$cold" "$gkcold");               c_ms=$1 c_kb=$2
gkcold="'$G' build --site '$corpus' --out '$out-nocheck-'\$RUN -q --no-check"
set -- $(time_cmd nocheck "$cold" "$gkcold"); n_ms=$1 n_kb=$2
rm -rf "$out"
eval "$gk" >/dev/null 2>&1
set -- $(time_cmd noop ":" "$gk");                   r_ms=$1 r_kb=$2
set -- $(time_cmd edit "$edit" "$gk");               e_ms=$1 e_kb=$2
set -- $(time_cmd hugo ":" "$hugo"); h_ms=$1 h_kb=$2
rm -rf "$out"-cold-* "$out"-nocheck-*

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
table=$tmp/table
{
	echo "| measure | median | peak RSS | vs Hugo |"
	echo "|---|---|---|---|"
	echo "| gongkai cold build, history and checks | $c_ms ms | $((c_kb / 1024)) MiB | $(ratio "$c_ms" "$h_ms") |"
	echo "| gongkai cold build, --no-check | $n_ms ms | $((n_kb / 1024)) MiB | $(ratio "$n_ms" "$h_ms") |"
	echo "| gongkai rebuild, nothing changed | $r_ms ms | $((r_kb / 1024)) MiB | |"
	echo "| gongkai rebuild, one page edited | $e_ms ms | $((e_kb / 1024)) MiB | |"
	echo "| Hugo $(hugo version 2>/dev/null | awk '{ print $2 }' | cut -d+ -f1), enableGitInfo | $h_ms ms | $((h_kb / 1024)) MiB | 1.00 |"
	echo
	echo "Peak memory: gongkai $(ratio "$c_kb" "$h_kb") of Hugo's. Corpus: $PAGES pages, $COMMITS commits; $(nproc) cores; median of $RUNS."
} >"$table"
cat "$table"
if [ "${UPDATE_README:-0}" = 1 ]; then
	awk -v t="$table" '
		/<!-- bench:build:start -->/ { print; while ((getline l < t) > 0) print l; skip = 1; next }
		/<!-- bench:build:end -->/ { skip = 0 }
		!skip { print }' README.md >"$tmp/readme" && cp "$tmp/readme" README.md
	echo "README.md updated"
fi
