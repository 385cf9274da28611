#!/bin/sh
# The search (issue 7): tests/a11y/search.mjs drives Debian's headless
# Chromium (playwright-core, /usr/bin/chromium, no download) over the demo
# site, over http and from file://: fixed queries (閱卷, 緩起訴處分金,
# 易服社會勞動, SOP 閱卷, full-width ＳＯＰ), ranking, kind filter, the
# live region, keyboard, accesskey S, the no-JavaScript message; snippets
# cut around the match and marked, 顯示更多結果, partial matches within a
# filter, Back, blank queries, a page deep in its bundle of pages (its
# snippet from a later chunk), axe-core with results. Then the 5000-page
# corpus (bench/gen_corpus.py): no query loads more than 300 KB of index
# for its first 20 results (every file under search/: meta, token shards,
# the page bundles and their chunk bundles), nor for 顯示更多結果, and
# no file twice. The same build twice is byte-identical. The Atom feeds
# are well-formed and linked. The browser part runs once, in the plain
# variant.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
export TZ=UTC LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0

if "$G" build -q --out "$tmp/a" >"$tmp/log" 2>&1 &&
    "$G" build -q --out "$tmp/b" >>"$tmp/log" 2>&1 &&
    [ -f "$tmp/a/search/meta.js" ] && [ -f "$tmp/a/search/t/0.js" ] &&
    diff -r "$tmp/a" "$tmp/b" >/dev/null; then
	echo "ok the demo's search index is written, the same each build"
	pass=$((pass + 1))
else
	cat "$tmp/log"
	echo "FAIL the demo's search index (missing or not deterministic)"
	fail=$((fail + 1))
fi

# the Atom feeds: well-formed, linked from <head> and the footer
ok=1
for f in "$tmp/a/feed.xml" "$tmp/a"/*/feed.xml; do
	xmllint --noout "$f" 2>>"$tmp/log" || ok=0
	grep -q '<feed xmlns="http://www.w3.org/2005/Atom"' "$f" || ok=0
done
[ "$(grep -c '<entry>' "$tmp/a/feed.xml")" -gt 0 ] || ok=0
grep -q '<link rel="alternate" type="application/atom+xml" title="[^"]*" href="/faq/feed.xml">' "$tmp/a/faq/index.html" || ok=0
grep -q '<a href="/feed.xml">.*RSS 訂閱' "$tmp/a/index.html" || ok=0
if [ $ok = 1 ]; then
	echo "ok the Atom feeds (site and each section) are well-formed and linked"
	pass=$((pass + 1))
else
	echo "FAIL the Atom feeds"
	fail=$((fail + 1))
fi

if [ "${VARIANT:-plain}" = asan ] || [ ! -d tests/a11y/node_modules/playwright-core ] ||
    [ ! -x "${GONGKAI_CHROMIUM:-/usr/bin/chromium}" ]; then
	echo "$pass passed, $fail failed"
	[ $fail -eq 0 ]
	exit
fi

node tests/a11y/search.mjs "$tmp/a" >"$tmp/out" 2>&1
grep -v '^[0-9]* passed' "$tmp/out"
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$tmp/out" | tail -1)
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$tmp/out" | tail -1)
[ -n "$p" ] || { p=0; f=1; }
pass=$((pass + p)) fail=$((fail + f))

# the corpus and its site.yaml and vocabularies as bench/build.sh makes them
if python3 bench/gen_corpus.py "$tmp/corpus" --pages 5000 --commits 1 >/dev/null 2>&1 &&
    printf 'title: 效能測試\nbase_url: https://bench.example/\nagency:\n  name: 效能測試署\n  code: A11000000F\n' >"$tmp/corpus/site.yaml" &&
    mkdir -p "$tmp/corpus/classification" &&
    for f in theme cake; do
	for c in 100 200 300 400 500 600 700 800 900; do printf '%s\t代碼%s\t\n' $c $c; done >"$tmp/corpus/classification/$f.tsv"
    done &&
    "$G" build -q --no-check --site "$tmp/corpus" --out "$tmp/c" >/dev/null 2>&1; then
	node tests/a11y/search.mjs --measure "$tmp/c" >"$tmp/out" 2>&1
	grep -v '^[0-9]* passed' "$tmp/out"
	p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$tmp/out" | tail -1)
	f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$tmp/out" | tail -1)
	[ -n "$p" ] || { p=0; f=1; }
	pass=$((pass + p)) fail=$((fail + f))
else
	echo "FAIL the 5000-page corpus did not build"
	fail=$((fail + 1))
fi
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
