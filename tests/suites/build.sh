#!/bin/sh
# Behaviour of `gongkai build` and `gongkai check` as a webmaster meets it:
# reproducible output, atomic replacement, error format, exit statuses.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
ROOT=$PWD
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok()   { pass=$((pass + 1)); echo "ok $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# 1. The demo site, built twice (different TZ, locale, thread count), is
#    byte-identical.
TZ=UTC LC_ALL=C "$G" build --site "$ROOT" --out "$tmp/a" -q 2>"$tmp/a.err"
ra=$?
TZ=America/New_York LC_ALL=C.UTF-8 "$G" build --site "$ROOT" --out "$tmp/b" -j 1 -q 2>"$tmp/b.err"
rb=$?
check "demo builds" '[ $ra -eq 0 ] && [ $rb -eq 0 ]'
check "demo builds byte-identical twice" 'diff -r "$tmp/a" "$tmp/b" >/dev/null'
check "demo has a home page and pretty URLs" '[ -f "$tmp/a/index.html" ] && [ -n "$(find "$tmp/a/faq" -mindepth 2 -name index.html | head -1)" ]'
check "no temporary folders left beside the output" '[ -z "$(ls -A "$tmp" | grep gongkai-out)" ]'

# 1b. Two fresh clones in different folders, built with different -j, TZ
#     and LC_ALL, give byte-identical sites (file mtimes and folder names
#     differ; the history comes from the same commits).
if git -C "$ROOT" rev-parse HEAD >/dev/null 2>&1; then
	git clone -q "$ROOT" "$tmp/clone-one" && git clone -q "$ROOT" "$tmp/x/clone-two"
	(cd "$tmp/clone-one" && TZ=Asia/Taipei LC_ALL=C "$G" build -j 1 -q) 2>/dev/null
	(cd "$tmp/x/clone-two" && TZ=Pacific/Honolulu LC_ALL=C.UTF-8 "$G" build -j 3 -q) 2>/dev/null
	check "two fresh clones build byte-identical sites" '[ -f "$tmp/clone-one/public/index.html" ] && diff -r "$tmp/clone-one/public" "$tmp/x/clone-two/public" >/dev/null'
fi

# 2. A failed build leaves the previous output untouched.
cp -r tests/golden/basic/site "$tmp/site"
"$G" build --site "$tmp/site" --out "$tmp/out" -q 2>/dev/null
(cd "$tmp/out" && find . -type f | sort | xargs md5sum) >"$tmp/before"
printf -- '---\ntitle: [壞\n---\n' >"$tmp/site/content/faq/broken.md"
"$G" build --site "$tmp/site" --out "$tmp/out" 2>"$tmp/err"
rc=$?
(cd "$tmp/out" && find . -type f | sort | xargs md5sum) >"$tmp/after"
check "broken site exits 1" '[ $rc -eq 1 ]'
check "broken site leaves previous output untouched" 'cmp -s "$tmp/before" "$tmp/after"'
check "error names file:line:col" 'grep -q -E "content/faq/broken.md:[0-9]+:[0-9]+: error: YAML" "$tmp/err"'
check "no temporary folder left after a failed build" '[ -z "$(ls -A "$tmp" | grep gongkai-out)" ]'

# 3. Every diagnostic line has the path:line:col: shape.
(cd tests/golden/errors/site && "$G" check 2>"$tmp/diag")
rc=$?
check "check on a broken site exits 1" '[ $rc -eq 1 ]'
check "every diagnostic is path:line:col: error|warning:" \
	'! grep -v "^gongkai: " "$tmp/diag" | grep -v -E "^[^:]+:[0-9]+:[0-9]+: (error|warning): " | grep -q .'
check "all errors are reported, not just the first" '[ "$(grep -c ": error: " "$tmp/diag")" -ge 4 ]'

# 4. `check` writes nothing.
cp -r tests/golden/basic/site "$tmp/site2"
(cd "$tmp/site2" && "$G" check -q 2>/dev/null)
rc=$?
check "check on a good site exits 0" '[ $rc -eq 0 ]'
check "check writes nothing" '[ ! -e "$tmp/site2/public" ]'

# 5. Usage errors exit 2; a missing site.yaml is a site error (1).
"$G" >/dev/null 2>&1; r1=$?
"$G" frobnicate >/dev/null 2>&1; r2=$?
"$G" build --bogus >/dev/null 2>&1; r3=$?
"$G" build --site >/dev/null 2>&1; r4=$?
check "usage errors exit 2" '[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 2 ] && [ $r4 -eq 2 ]'
# every command's --help: its options on stdout, exit 0, nothing built
for c in build check serve new audit history md tmpl; do
	(cd "$tmp" && "$G" $c --help >"$tmp/help" 2>"$tmp/help-err" </dev/null); rc=$?
	check "$c --help: exit 0, usage on stdout" \
	    '[ $rc -eq 0 ] && grep -q "用法 (usage): gongkai $c" "$tmp/help" && [ ! -e "$tmp/public" ]'
done
check "build --help names -j and --verbose" \
    '"$G" build --help | grep -q -- "-j N" && "$G" build --help | grep -q -- "--verbose"'
mkdir -p "$tmp/empty"
"$G" build --site "$tmp/empty" 2>"$tmp/err"; rc=$?
check "missing site.yaml is an error at its path" '[ $rc -eq 1 ] && grep -q "site.yaml:1:1: error: " "$tmp/err"'

# 6. --site defaults the output to SITE/public, drafts are skipped,
#    static files are copied.
"$G" build --site "$tmp/site2" -q 2>/dev/null
check "--site builds into SITE/public" '[ -f "$tmp/site2/public/index.html" ]'
check "drafts are not published" '[ ! -e "$tmp/site2/public/faq/draft" ] && ! grep -rq "尚未公開" "$tmp/site2/public"'
check "static files are copied" 'cmp -s "$tmp/site2/content/files/form.txt" "$tmp/site2/public/files/form.txt"'
check "theme static files are copied" '[ -f "$tmp/site2/public/css/gongkai.css" ]'

# 6b. An output folder with files that gongkai did not make is refused,
#     untouched (replacing it would delete them); an empty one is used.
mkdir -p "$tmp/theirs" "$tmp/empty-out"
cp -r tests/golden/basic/site "$tmp/own"
echo "不要刪除" >"$tmp/theirs/keep.txt"
"$G" build --site "$tmp/own" --out "$tmp/theirs" -q 2>"$tmp/theirs.err"
rc=$?
check "a foreign non-empty output folder is refused (exit 2)" '[ $rc -eq 2 ] && grep -q "not a gongkai output" "$tmp/theirs.err"'
check "the foreign folder is untouched" '[ "$(ls -A "$tmp/theirs")" = keep.txt ] && grep -q 不要刪除 "$tmp/theirs/keep.txt"'
"$G" build --site "$tmp/own" --out "$tmp/empty-out" -q 2>/dev/null
check "an empty output folder is used" '[ -f "$tmp/empty-out/index.html" ] && [ -f "$tmp/empty-out/.gongkai-output" ]'

# 7. Rebuilds: unchanged files are not rewritten, edits and deletions
#    reach the output, and the result is what a cold build gives.
cp -r tests/golden/basic/site "$tmp/inc"
"$G" build --site "$tmp/inc" --out "$tmp/inc-out" -q 2>/dev/null
check "the output folder is marked as gongkai's" '[ -f "$tmp/inc-out/.gongkai-output" ]'
find "$tmp/inc-out" -type f -printf '%P %T@\n' | sort >"$tmp/mt1"
sleep 1
"$G" build --site "$tmp/inc" --out "$tmp/inc-out" 2>"$tmp/err"
find "$tmp/inc-out" -type f -printf '%P %T@\n' | sort >"$tmp/mt2"
check "a rebuild with nothing changed rewrites no file (mtimes kept)" 'cmp -s "$tmp/mt1" "$tmp/mt2"'
check "the rebuild says nothing changed" 'grep -q "（0 個有變動）" "$tmp/err"'
printf '\n新增的一段。\n' >>"$tmp/inc/content/sop/query.md"
rm "$tmp/inc/content/about.md"
"$G" build --site "$tmp/inc" --out "$tmp/inc-out" -q 2>/dev/null
"$G" build --site "$tmp/inc" --out "$tmp/inc-cold" -q 2>/dev/null
check "after an edit and a deletion the rebuild equals a cold build" 'diff -r "$tmp/inc-out" "$tmp/inc-cold" >/dev/null'
check "the deleted page's output is gone, with its folder" '[ ! -e "$tmp/inc-out/intro" ]'
check "the edited page changed" 'grep -q "新增的一段" "$tmp/inc-out/sop/query/index.html"'
find "$tmp/inc-out" -type f -printf '%P %T@\n' | sort >"$tmp/mt3"
check "files that did not change kept their mtime" 'grep -q "^faq/progress/index.html " "$tmp/mt3" && [ "$(grep "^faq/progress/index.html " "$tmp/mt2")" = "$(grep "^faq/progress/index.html " "$tmp/mt3")" ]'
check "no staging folder left after a rebuild" '[ -z "$(ls -A "$tmp" | grep gongkai-out)" ]'
# -j does not change anything
"$G" build --site "$tmp/inc" --out "$tmp/j1" -j 1 -q 2>"$tmp/e1"
"$G" build --site "$tmp/inc" --out "$tmp/j2" -j 2 -q 2>"$tmp/e2"
"$G" build --site "$tmp/inc" --out "$tmp/j7" -j 7 -q 2>"$tmp/e7"
check "-j 1, 2 and 7 give the same output" 'diff -r "$tmp/j1" "$tmp/j2" >/dev/null && diff -r "$tmp/j1" "$tmp/j7" >/dev/null'
check "-j 1, 2 and 7 give the same messages in the same order" 'cmp -s "$tmp/e1" "$tmp/e2" && cmp -s "$tmp/e1" "$tmp/e7"'

# 8. The check cache: clean pages are not checked again, and a page with
#    findings reports them on every build.
cp -r tests/golden/basic/site "$tmp/cc"
printf -- '---\ntitle: 請點此測試\ndate: 2015-01-01\nservice: [I00]\n---\n[請點此](q.md)\n' >"$tmp/cc/content/faq/clickhere.md"
printf -- '---\ntitle: 目標\ndate: 2015-01-01\nservice: [I00]\n---\n內容。\n' >"$tmp/cc/content/faq/q.md"
"$G" build --site "$tmp/cc" --out "$tmp/cc-out" 2>"$tmp/cc1" >/dev/null
rm -f "$tmp/cc/.gongkai/build.stamp"	# build again, not skip (section 9)
"$G" build --site "$tmp/cc" --out "$tmp/cc-out" 2>"$tmp/cc2" >/dev/null
check "the check cache remembers clean pages" '[ -s "$tmp/cc/.gongkai/check.cache" ] && grep -q " faq/q/index.html$" "$tmp/cc/.gongkai/check.cache"'
check "a page with findings is not remembered as clean" '! grep -q " faq/clickhere/index.html$" "$tmp/cc/.gongkai/check.cache" || grep -q "^0000000000000000 0 [0-9a-f]* faq/clickhere/index.html$" "$tmp/cc/.gongkai/check.cache"'
check "... but the text libtidy found nothing in is (our rule found the link text)" 'grep " faq/clickhere/index.html$" "$tmp/cc/.gongkai/check.cache" | grep -qv "^0000000000000000 0 0000000000000000 "'
check "its warning is reported again on a rebuild" 'grep -q "請點此" "$tmp/cc1" && grep -v "^gongkai:" "$tmp/cc1" >"$tmp/cc1d"; grep -v "^gongkai:" "$tmp/cc2" >"$tmp/cc2d"; cmp -s "$tmp/cc1d" "$tmp/cc2d"'
printf 'gongkai-check-cache 2 x\n0 1 0 broken\n' >"$tmp/cc/.gongkai/check.cache"
rm -f "$tmp/cc/.gongkai/build.stamp"
"$G" build --site "$tmp/cc" --out "$tmp/cc-out" 2>"$tmp/cc3" >/dev/null
grep -v "^gongkai:" "$tmp/cc3" >"$tmp/cc3d"
check "a foreign or damaged check cache is ignored" 'cmp -s "$tmp/cc1d" "$tmp/cc3d" && grep -q " faq/q/index.html$" "$tmp/cc/.gongkai/check.cache"'
# the caches know gongkai by its bytes: the same binary built again (a
# new mtime, as in every CI run) keeps them, a different one does not
mkdir -p "$tmp/bin"
ln -s "$ROOT/themes" "$tmp/bin/themes"
head -1 "$tmp/cc/.gongkai/check.cache" >"$tmp/cc-h1"
sleep 1; cat "$G" >"$tmp/bin/gongkai"; chmod +x "$tmp/bin/gongkai"
rm -f "$tmp/cc/.gongkai/build.stamp"
"$tmp/bin/gongkai" build --site "$tmp/cc" --out "$tmp/cc-out" -q 2>/dev/null
r1=$?
check "the same gongkai built again keeps the check cache" '[ $r1 -eq 0 ] && head -1 "$tmp/cc/.gongkai/check.cache" | cmp -s - "$tmp/cc-h1" && grep -q "+tidy[0-9]" "$tmp/cc-h1"'
printf x >>"$tmp/bin/gongkai"
rm -f "$tmp/cc/.gongkai/build.stamp"
"$tmp/bin/gongkai" build --site "$tmp/cc" --out "$tmp/cc-out" -q 2>/dev/null
r2=$?
check "a different gongkai does not trust it" '[ $r2 -eq 0 ] && ! head -1 "$tmp/cc/.gongkai/check.cache" | cmp -s - "$tmp/cc-h1"'

# 9. The build stamp: a rebuild with nothing changed is skipped from file
#    metadata alone, repeats the last build's messages, and any change to
#    an input, the output, the options or HEAD builds again.
st=$tmp/st
cp -r tests/golden/basic/site "$st"
printf -- '---\ntitle: 請點此測試\ndate: 2015-01-01\nservice: [I00]\n---\n[請點此](faq/progress.md)\n' >"$st/content/click.md"
git -C "$st" init -q && git -C "$st" add -A &&
	git -C "$st" -c user.name=t -c user.email=t@example.org commit -qm one
"$G" build --site "$st" --out "$tmp/st-out" 2>"$tmp/s1"
r1=$?
"$G" build --site "$st" --out "$tmp/st-out" --verbose 2>"$tmp/s2"
r2=$?
grep -v '^gongkai:' "$tmp/s1" >"$tmp/s1d"; grep -v '^gongkai:\|^  ' "$tmp/s2" >"$tmp/s2d"
check "stamp: the first build records it" '[ $r1 -eq 0 ] && [ -s "$st/.gongkai/build.stamp" ]'
check "stamp: nothing changed: skipped" '[ $r2 -eq 0 ] && grep -q "nothing changed since the last build" "$tmp/s2" && ! grep -q "^  markdown" "$tmp/s2"'
check "stamp: a skipped build repeats the warnings" 'grep -q "請點此" "$tmp/s2d" && cmp -s "$tmp/s1d" "$tmp/s2d"'
counts() { grep '^gongkai: 已建置' "$1" | sed 's/.*輸出至 [^，]*，費時 [0-9.]* 秒；//; s/(.*//'; }
check "stamp: a skipped build reports the same counts" 'grep -q "（0 個有變動）" "$tmp/s2" && [ -n "$(counts "$tmp/s1")" ] && [ "$(counts "$tmp/s1")" = "$(counts "$tmp/s2")" ]'
"$G" build --site "$st" --out "$tmp/st-out" -q --strict 2>/dev/null
check "stamp: --strict is another build (the warning fails it)" '[ $? -eq 1 ]'
printf '\n新增的一段。\n' >>"$st/content/sop/query.md"
"$G" build --site "$st" --out "$tmp/st-out" -q 2>/dev/null
check "stamp: an edit is built" 'grep -q "新增的一段" "$tmp/st-out/sop/query/index.html"'
mkdir -p "$st/content/extra/deeper"
printf -- '---\ntitle: 新頁\ndate: 2015-01-01\nservice: [I00]\n---\n新的頁面。\n' >"$st/content/extra/deeper/new.md"
"$G" build --site "$st" --out "$tmp/st-out" -q 2>/dev/null
check "stamp: a page in a new folder is built" '[ -f "$tmp/st-out/extra/deeper/new/index.html" ]'
rm "$tmp/st-out/index.html"
"$G" build --site "$st" --out "$tmp/st-out" -q 2>/dev/null
check "stamp: a deleted output file is written again" '[ -f "$tmp/st-out/index.html" ]'
rm -r "$st/content/extra"
"$G" build --site "$st" --out "$tmp/st-out" -q 2>/dev/null
check "stamp: a removed folder's pages are removed" '[ ! -e "$tmp/st-out/extra" ]'
git -C "$st" add -A && git -C "$st" -c user.name=t -c user.email=t@example.org commit -qm two
"$G" build --site "$st" --out "$tmp/st-out" --verbose 2>"$tmp/s3"
check "stamp: a new commit is built (history is an input)" 'grep -q "^  markdown" "$tmp/s3"'
"$G" build --site "$st" --out "$tmp/st-cold" -q 2>/dev/null
check "stamp: the output equals a cold build" 'diff -r "$tmp/st-out" "$tmp/st-cold" >/dev/null'
"$G" build --site "$st" --out "$tmp/st-out" --no-check --verbose 2>"$tmp/s4"
check "stamp: other options are another build" 'grep -q "^  markdown" "$tmp/s4"'
# the default output (relative "public", not there before the first build)
cp -r tests/golden/basic/site "$tmp/st-rel"
(cd "$tmp/st-rel" && "$G" build -q && "$G" build --verbose) 2>"$tmp/s6"
check "stamp: the build after the first one into ./public is skipped" 'grep -q "nothing changed since the last build" "$tmp/s6"'
printf 'gongkai-build-stamp 1\nkey x\n' >"$st/.gongkai/build.stamp"
"$G" build --site "$st" --out "$tmp/st-out" --verbose 2>"$tmp/s5"
check "stamp: a damaged stamp builds" 'grep -q "^  markdown" "$tmp/s5" && grep -q "^summary " "$st/.gongkai/build.stamp"'
# an input newer than the build's start was changed while the site was
# built (stamp_walk runs beside the pages): no stamp, the next one builds
touch -d '+1 hour' "$st/content/sop/query.md"
"$G" build --site "$st" --out "$tmp/st-out" -q 2>/dev/null
r7=$?
"$G" build --site "$st" --out "$tmp/st-out" --verbose 2>"$tmp/s7"
check "stamp: an input changed while the site was built is not recorded" '[ $r7 -eq 0 ] && grep -q "^  markdown" "$tmp/s7" && [ ! -e "$st/.gongkai/build.stamp" ]'
touch "$st/content/sop/query.md"
"$G" build --site "$st" --out "$tmp/st-out" -q 2>/dev/null
"$G" build --site "$st" --out "$tmp/st-out" --verbose 2>"$tmp/s8"
check "... and once it is older, the rebuild after is skipped again" 'grep -q "nothing changed since the last build" "$tmp/s8"'

# 10. The render cache: a rebuild renders only the pages whose inputs
#     changed (a page's own source; what lists show of every page; the
#     templates, config, options and HEAD), and always equals a cold build.
rcs=$tmp/rcs
cp -r tests/golden/basic/site "$rcs"
cp -r themes "$rcs/themes"
sed -i 's/^  enabled: false.*/  enabled: true/' "$rcs/site.yaml"	# history from git
git -C "$rcs" init -q && git -C "$rcs" add -A &&
	git -C "$rcs" -c user.name=t -c user.email=t@example.org commit -qm one
# kept FILE: how many pages the build kept (0 when it did not say)
kept() { n=$(sed -n 's/.*(\([0-9]*\) pages kept from the last build.*/\1/p' "$1"); echo "${n:-0}"; }
rendered() { n=$(sed -n 's/.*pages kept from the last build, \([0-9]*\) rendered.*/\1/p' "$1"); echo "${n:-0}"; }
cold() { rm -rf "$tmp/rc-cold"; mv "$rcs/.gongkai" "$tmp/rc-state"; "$G" build --site "$rcs" --out "$tmp/rc-cold" -q 2>/dev/null; rm -rf "$rcs/.gongkai"; mv "$tmp/rc-state" "$rcs/.gongkai"; diff -r "$tmp/rc-out" "$tmp/rc-cold" >/dev/null; }
rebuild() { "$G" build --site "$rcs" --out "$tmp/rc-out" --verbose 2>"$tmp/rc.err"; }
rebuild
check "render cache: the first build renders every page" '[ -s "$rcs/.gongkai/render.cache" ] && [ "$(kept "$tmp/rc.err")" = 0 ] && grep -q "0 pages kept from the last build, [1-9][0-9]* rendered" "$tmp/rc.err"'
printf '\n新增的一段。\n' >>"$rcs/content/sop/query.md"
rebuild
check "render cache: a body edit keeps the other content pages" '[ "$(kept "$tmp/rc.err")" -gt 0 ] && grep -q "新增的一段" "$tmp/rc-out/sop/query/index.html"'
check "render cache: after a body edit the output equals a cold build" cold
printf '\n再一段。\n' >>"$rcs/content/sop/query.md"
rebuild
check "render cache: the edited page is rendered, the others kept" '[ "$(kept "$tmp/rc.err")" -gt 0 ] && grep -q "再一段" "$tmp/rc-out/sop/query/index.html" && cold'
# what lists show of a page (title, summary, dates) did not change: the
# listings are kept too; the FAQ index shows every answer
check "render cache: an edit below the first paragraph renders the page and the search page only" '[ "$(rendered "$tmp/rc.err")" = 2 ]'
printf '\n答案補充。\n' >>"$rcs/content/faq/progress.md"
rebuild
printf '\n答案再補充。\n' >>"$rcs/content/faq/progress.md"
rebuild
check "render cache: an answer edited below its first paragraph renders it, the FAQ index and the search page" '[ "$(rendered "$tmp/rc.err")" = 3 ] && grep -q "答案再補充" "$tmp/rc-out/faq/index.html" && cold'
# sitemap.xml is kept through the render cache too (its URLs and dates
# did not change); the commits below change dates, and each is compared
# with a cold build
check "render cache: sitemap.xml is known to the render cache" 'grep -q " sitemap.xml$" "$rcs/.gongkai/render.cache"'
# the answers are hidden from libtidy on the FAQ index (check.c): the
# text it read there is the same, and it is not run on it again
check "check cache: the FAQ index keeps the text libtidy found nothing in" 'grep " faq/index.html$" "$rcs/.gongkai/check.cache" | grep -qv "^[0-9a-f]* [0-9]* 0000000000000000 "'
sed -i 's/第一段說明文字/改寫的第一段/' "$rcs/content/sop/query.md"
rebuild
check "render cache: a new first paragraph (the summary feeds show) keeps the other content pages" '[ "$(kept "$tmp/rc.err")" -gt 0 ] && grep -q "改寫的第一段" "$tmp/rc-out/sop/feed.xml" && cold'
check "... and renders the listings again (they may show it)" '[ "$(rendered "$tmp/rc.err")" -gt 3 ]'
sed -i 's/^title: 如何查詢案件進度？/title: 如何查詢申辦進度？/' "$rcs/content/faq/progress.md"
rebuild
check "render cache: a title edit (shown on other pages) renders every page" '[ "$(kept "$tmp/rc.err")" = 0 ] && grep -q "如何查詢申辦進度" "$tmp/rc-out/faq/index.html" && cold'
rebuild
sed -i 's|</footer>|<p>頁尾新增。</p></footer>|' "$rcs/themes/default/layouts/base.mustache"
rebuild
check "render cache: a template edit renders every page" '[ "$(kept "$tmp/rc.err")" = 0 ] && grep -q "頁尾新增" "$tmp/rc-out/sop/query/index.html" && cold'
printf '\n第三段。\n' >>"$rcs/content/sop/query.md"
rebuild
rm "$tmp/rc-out/faq/progress/index.html"
printf x >>"$tmp/rc-out/intro/index.html"
rebuild
check "render cache: a published page deleted or changed by hand is written again" 'cold'
# history is an input: a commit renders again the pages it touched, and
# every page when it moves the site's update date (each page shows it)
rcommit() { GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git -C "$rcs" -c user.name=t -c user.email=t@example.org commit -qm "$2"; }
git -C "$rcs" add -A && rcommit "$(git -C "$rcs" log -1 --format=%aI)" two
rebuild
check "render cache: a commit on the site's last day renders what it touched" '[ "$(kept "$tmp/rc.err")" -gt 0 ] && grep -q "第三段" "$tmp/rc-out/sop/query/index.html" && cold'
printf '\n又一段。\n' >>"$rcs/content/about.md"	# no lastmod: git dates it
git -C "$rcs" add -A && rcommit 2031-01-02T03:04:05Z three
rebuild
check "render cache: a commit that moves the site's update date renders every page" '[ "$(kept "$tmp/rc.err")" = 0 ] && grep -q "2031-01-02" "$tmp/rc-out/faq/progress/index.html" && cold'
printf 'gongkai-render-cache 1 x\nout /\n0 0 1 0 broken\n' >"$rcs/.gongkai/render.cache"
printf '\n第四段。\n' >>"$rcs/content/sop/query.md"
rebuild
check "render cache: a foreign or damaged cache renders every page" '[ "$(kept "$tmp/rc.err")" = 0 ] && cold'
# the search index is updated from the last build's (search.cache): an
# edit, a new page, a damaged or cut file, a search file changed by hand
check "search cache: written by the build" '[ -s "$rcs/.gongkai/search.cache" ]'
printf '\n新增一個獨特的詞：斑馬 zebra。\n' >>"$rcs/content/faq/progress.md"
rebuild
check "search cache: an edit's new words are found, as in a cold build" 'grep -q "\"斑馬\"" "$tmp"/rc-out/search/t/*.js && grep -q "\"zebra\"" "$tmp"/rc-out/search/t/*.js && cold'
cp "$rcs/content/faq/progress.md" "$rcs/content/faq/progress2.md"
rebuild
check "search cache: a new page, as in a cold build" 'cold'
head -c 300 "$rcs/.gongkai/search.cache" >"$tmp/sc" && cp "$tmp/sc" "$rcs/.gongkai/search.cache"
printf '\n再改。\n' >>"$rcs/content/faq/progress2.md"
rebuild
check "search cache: a cut cache file is not used" 'cold'
printf 'x' >>"$rcs/.gongkai/search.cache"
printf '\n又改。\n' >>"$rcs/content/faq/progress2.md"
rebuild
check "search cache: a cache file with bytes after its end is not used" 'cold'
# a byte changed inside: the sum differs
sz=$(wc -c <"$rcs/.gongkai/search.cache")
printf '\377' | dd of="$rcs/.gongkai/search.cache" bs=1 seek=$((sz - 3)) conv=notrunc 2>/dev/null
printf '\n再三改。\n' >>"$rcs/content/faq/progress2.md"
rebuild
check "search cache: a cache file with a byte changed is not used" 'cold'
for f in "$tmp"/rc-out/search/t/*.js; do printf x >>"$f"; break; done
rm -f "$tmp/rc-out/search/d/0.js"
printf '\n三改。\n' >>"$rcs/content/faq/progress2.md"
rebuild
check "search cache: search files deleted or changed by hand are written again" 'cold'
"$G" build --site "$rcs" --out "$tmp/rc-other" -q 2>/dev/null
printf '\n第五段。\n' >>"$rcs/content/sop/query.md"
rebuild
check "render cache: a build into another folder does not lend its pages" '[ "$(kept "$tmp/rc.err")" = 0 ] && cold'
# the default output, ./public, exists only after the first build: the
# build after it still finds its pages
cp -r tests/golden/basic/site "$tmp/rc-rel"
(cd "$tmp/rc-rel" && "$G" build -q && printf '\n一段。\n' >>content/sop/query.md &&
	"$G" build --verbose) 2>"$tmp/rc.err"
check "render cache: the build after the first one into ./public keeps pages" '[ "$(kept "$tmp/rc.err")" -gt 0 ]'

# the Markdown of pages whose body did not change is the last build's
# (markdown.cache), with the messages its render printed, counted again
printf -- '---\ntitle: 一級標題\ndate: 2015-01-01\nservice: [I00]\n---\n# 內文標題\n\n段落。\n' >"$rcs/content/faq/h1.md"
rebuild
printf '\n又一段答案。\n' >>"$rcs/content/faq/progress.md"
rebuild
coldmsgs() { rm -rf "$tmp/rc-cold"; mv "$rcs/.gongkai" "$tmp/rc-state"; "$G" build --site "$rcs" --out "$tmp/rc-cold" 2>"$tmp/rc-cold.err" >/dev/null; rm -rf "$rcs/.gongkai"; mv "$tmp/rc-state" "$rcs/.gongkai"; grep -v "^gongkai:" "$tmp/rc.err" | grep -v "^  " >"$tmp/m1"; grep -v "^gongkai:" "$tmp/rc-cold.err" >"$tmp/m2"; cmp -s "$tmp/m1" "$tmp/m2" && grep -q "一級標題" "$tmp/m1" && [ "$(grep -o "[0-9]* 個警告" "$tmp/rc.err")" = "$(grep -o "[0-9]* 個警告" "$tmp/rc-cold.err")" ] && diff -r "$tmp/rc-out" "$tmp/rc-cold" >/dev/null; }
check "markdown cache: written, and a rebuild prints and counts the kept pages' messages as a cold build" '[ -s "$rcs/.gongkai/markdown.cache" ] && coldmsgs'
# an entry cut short at the end (a write that did not finish) and bytes
# changed inside one are not used
sz=$(wc -c <"$rcs/.gongkai/markdown.cache")
head -c $((sz - 5)) "$rcs/.gongkai/markdown.cache" >"$tmp/mc" && cp "$tmp/mc" "$rcs/.gongkai/markdown.cache"
printf '\n再一段答案。\n' >>"$rcs/content/faq/progress.md"
rebuild
check "markdown cache: an entry cut short is not used" 'coldmsgs'
printf '\377' | dd of="$rcs/.gongkai/markdown.cache" bs=1 seek=$((sz / 2)) conv=notrunc 2>/dev/null
printf '\n三段答案。\n' >>"$rcs/content/faq/progress.md"
rebuild
check "markdown cache: an entry with a byte changed is not used" 'coldmsgs'

# 11. The record of the output folder (write.h: write_expect): a rebuild
#     reads the metadata of what the last build left instead of listing
#     the folder, and lists only the folders whose mtime changed. Files
#     and folders someone added, files changed in place, links: as a
#     listing would find them.
rebuild
check "output record: the stamp records the output's folders" 'grep -q "^o [0-9]* 0 \./\$" "$rcs/.gongkai/build.stamp" && grep -q "^o [0-9]* 0 faq/progress/\$" "$rcs/.gongkai/build.stamp"'
edit() { printf '\n%s\n' "$1" >>"$rcs/content/sop/query.md"; }
echo stray >"$tmp/rc-out/faq/progress/notes.txt"
mkdir -p "$tmp/rc-out/faq/progress/extra/deeper" "$tmp/rc-out/old"
echo a >"$tmp/rc-out/faq/progress/extra/deeper/a.html"
echo b >"$tmp/rc-out/old/b.html"
echo c >"$tmp/rc-out/top.html"
echo d >"$tmp/rc-out/.hidden"
edit 第六段。
rebuild
check "output record: files and folders added by hand are removed" '[ ! -e "$tmp/rc-out/faq/progress/notes.txt" ] && [ ! -e "$tmp/rc-out/faq/progress/extra" ] && [ ! -e "$tmp/rc-out/old" ] && [ ! -e "$tmp/rc-out/top.html" ]'
check "... hidden files are left, as before" '[ -f "$tmp/rc-out/.hidden" ] && rm "$tmp/rc-out/.hidden" && cold'
check "... and the next build keeps the pages" 'edit 第七段。 && rebuild && [ "$(kept "$tmp/rc.err")" -gt 0 ] && cold'
# the same bytes count, with another mtime: a page changed in place
printf 'X' | dd of="$tmp/rc-out/intro/index.html" bs=1 seek=100 conv=notrunc 2>/dev/null
edit 第八段。
rebuild
check "output record: a page changed in place (same size) is written again" 'cold'
rm -r "$tmp/rc-out/faq/progress"
edit 第九段。
rebuild
check "output record: a page's folder deleted by hand is written again" 'cold'
# a page's folder replaced by a link to a copy (same files, same mtimes):
# never kept through the link
cp -a "$tmp/rc-out/intro" "$tmp/rc-elsewhere"
rm -r "$tmp/rc-out/intro" && ln -s "$tmp/rc-elsewhere" "$tmp/rc-out/intro"
edit 第十段。
rebuild
check "output record: a folder replaced by a link is not written through" 'grep -q "symbolic link" "$tmp/rc.err" && [ -L "$tmp/rc-out/intro" ]'
rm "$tmp/rc-out/intro"
rebuild
check "... and builds once the link is gone" 'cold'
# without a record (an older stamp, or none): the folder is listed
echo stray >"$tmp/rc-out/faq/notes.txt"
rm -f "$rcs/.gongkai/build.stamp"
edit 第十一段。
rebuild
check "output record: without one, a file added by hand is still removed" '[ ! -e "$tmp/rc-out/faq/notes.txt" ] && cold'
grep -v "/\$" "$rcs/.gongkai/build.stamp" >"$tmp/st-nodirs" && cp "$tmp/st-nodirs" "$rcs/.gongkai/build.stamp"
echo stray >"$tmp/rc-out/faq/notes.txt"
edit 第十二段。
rebuild
check "output record: a record without its folders is not used" '[ ! -e "$tmp/rc-out/faq/notes.txt" ] && cold'

# 12. A section's list in pages (site.yaml paginate): the FAQ index with
#     9 questions in three categories, 2 a page, is /faq/ and /faq/page/2/
#     to /faq/page/5/; each page shows its questions and a nav; an edit
#     renders the page that shows the answer.
pg=$tmp/pg
cp -r tests/golden/basic/site "$pg"
ln -s "$ROOT/themes" "$pg/themes"
printf 'paginate: 2\n' >>"$pg/site.yaml"
for i in 1 2 3 4 5 6 7; do
	c=交通; [ $i -gt 4 ] && c=申辦
	printf -- '---\ntitle: 問題%s\ndate: 2015-03-0%s\ncategory: %s\nservice: [I00]\n---\n第 %s 題的答案。\n\n第二段。\n' "$i" "$i" "$c" "$i" >"$pg/content/faq/q$i.md"
done
"$G" build --site "$pg" --out "$tmp/pg-out" --verbose 2>"$tmp/pg.err"; r=$?
check "paginate: the build succeeds with checks and no message about the new pages" '[ $r -eq 0 ] && ! grep -q "page/" "$tmp/pg.err"'
cat >"$tmp/pg.py" <<'EOF'
import json, os, re, sys
out = sys.argv[1]
def read(rel):
    return open(os.path.join(out, rel), encoding="utf-8").read()
urls = ["faq/index.html"] + ["faq/page/%d/index.html" % k for k in range(2, 6)]
ok = not os.path.exists(os.path.join(out, "faq/page/6")) and \
    not os.path.exists(os.path.join(out, "faq/page/1"))
seen, titles = [], set()
for k, rel in enumerate(urls, 1):
    h = read(rel)
    qs = re.findall(r'<p class="faq-link"><a href="([^"]+)">', h)
    seen += qs
    ok &= len(qs) == (2 if k < 5 else 1)
    ld = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', h, re.S).group(1))
    ok &= [q["url"].split(".example")[1] for q in ld["mainEntity"]] == qs
    nav = re.search(r'<nav class="pager" aria-label="分頁">(.*?)</nav>', h, re.S).group(1)
    cur = re.findall(r'<a href="([^"]+)" aria-current="page">第 (\d+) 頁</a>', nav)
    ok &= cur == [("/faq/" if k == 1 else "/faq/page/%d/" % k, str(k))]
    ok &= ("rel=\"prev\"" in nav) == (k > 1) and ("rel=\"next\"" in nav) == (k < 5)
    ok &= "第 %d 頁，共 5 頁" % k in nav
    # the numbers shown: the first, the last and two either side, one
    # gap for each run left out
    nums = [int(n) for n in re.findall(r'>第 (\d+) 頁</a>', nav)]
    want = sorted({1, 5} | {n for n in range(k - 2, k + 3) if 1 <= n <= 5})
    gaps = sum(1 for a, b in zip(want, want[1:]) if b > a + 1)
    ok &= nums == want and nav.count('class="pager-gap"') == gaps
    t = re.search(r"<title>(.*?)</title>", h).group(1)
    titles.add(t)
    ok &= (k == 1) == ("（第" not in t)
    # every category, with the section's count; here or on its first page
    cats = re.findall(r'<li><a href="([^"]+)">([^<（]+)（(\d+) 題）</a></li>', h)
    ok &= sorted(c[1:] for c in cats) == sorted([("交通", "4"), ("其他", "2"), ("申辦", "3")])
    for href, name, n in cats:
        cid = href.split("#")[1]
        here = re.search(r'<h2 id="%s">%s</h2>' % (cid, name), h) is not None
        ok &= href.startswith("#") == here
        if not here:
            ok &= ('<h2 id="%s">%s</h2>' % (cid, name)) in read(href.split("#")[0].lstrip("/") + "index.html")
ok &= len(titles) == 5
ok &= sorted(seen) == sorted(set(seen)) and len(seen) == 9
sm = read("sitemap.xml")
ok &= "/faq/page/5/</loc>" in sm
idx = "".join(open(os.path.join(out, "search", "d", f), encoding="utf-8").read()
    for f in os.listdir(os.path.join(out, "search", "d")))
ok &= "/faq/page/" not in idx and "/faq/q1/" in idx
sys.exit(0 if ok else 1)
EOF
check "paginate: five pages, each question once, pager nav, distinct titles, categories, JSON-LD, sitemap.xml, not in search" 'python3 "$tmp/pg.py" "$tmp/pg-out"'
cat >"$tmp/pgcode.py" <<'EOF'
import os, re, sys
out = sys.argv[1]
base = os.path.join(out, "classification/service/I00")
def read(rel):
    return open(os.path.join(base, rel), encoding="utf-8").read()
n = int(re.search(r"（共 (\d+) 個", read("index.html")).group(1))
total = (n + 1) // 2
rels = ["index.html"] + ["page/%d/index.html" % k for k in range(2, total + 1)]
ok = n >= 7 and not os.path.exists(os.path.join(base, "page/%d" % (total + 1)))
rows, titles = [], set()
for k, rel in enumerate(rels, 1):
    h = read(rel)
    r = re.findall(r'<th scope="row"><a href="([^"]+)">', h)
    rows += r
    ok &= len(r) == (2 if k < total else n - 2 * (total - 1))
    ok &= "第 %d 頁，共 %d 頁）</caption>" % (k, total) in h
    ok &= re.search(r'aria-current="page">第 %d 頁</a>' % k, h) is not None
    titles.add(re.search(r"<title>(.*?)</title>", h).group(1))
ok &= len(rows) == n == len(set(rows)) and len(titles) == total
sys.exit(0 if ok else 1)
EOF
check "paginate: a classification code's page list is cut the same way" 'python3 "$tmp/pgcode.py" "$tmp/pg-out"'
pgcold() { rm -rf "$tmp/pg-cold"; mv "$pg/.gongkai" "$tmp/pg-state"; "$G" build --site "$pg" --out "$tmp/pg-cold" -q 2>/dev/null; rm -rf "$pg/.gongkai"; mv "$tmp/pg-state" "$pg/.gongkai"; diff -r "$tmp/pg-out" "$tmp/pg-cold" >/dev/null; }
printf '\n補充。\n' >>"$pg/content/faq/q3.md"
"$G" build --site "$pg" --out "$tmp/pg-out" -q 2>/dev/null
printf '\n再補充。\n' >>"$pg/content/faq/q3.md"
"$G" build --site "$pg" --out "$tmp/pg-out" --verbose 2>"$tmp/pg.err"
p3=$(grep -l '/faq/q3/' "$tmp"/pg-out/faq/index.html "$tmp"/pg-out/faq/page/*/index.html)
check "paginate: an answer's edit renders it, the page of the list that shows it and the search page" '[ "$(rendered "$tmp/pg.err")" = 3 ] && [ "$(echo "$p3" | wc -l)" = 1 ] && grep -q "再補充" "$p3" && pgcold'
rm "$pg/content/faq/q7.md"
"$G" build --site "$pg" --out "$tmp/pg-out" -q 2>/dev/null
check "paginate: a question removed: the last page goes, as in a cold build" '[ ! -e "$tmp/pg-out/faq/page/5" ] && [ -f "$tmp/pg-out/faq/page/4/index.html" ] && pgcold'
sed -i 's/^paginate: 2$/paginate: 0/' "$pg/site.yaml"
"$G" build --site "$pg" --out "$tmp/pg-out" -q 2>/dev/null
check "paginate: 0 lists every page on the index" '[ ! -e "$tmp/pg-out/faq/page" ] && [ "$(grep -c "<details class=\"faq-item\">" "$tmp/pg-out/faq/index.html")" = 8 ] && ! grep -q "class=\"pager\"" "$tmp/pg-out/faq/index.html" && pgcold'
sed -i 's/^paginate: 0$/paginate: -3/' "$pg/site.yaml"
"$G" build --site "$pg" --out "$tmp/pg-out" -q 2>"$tmp/pg.err"; r=$?
check "paginate: a negative number is an error at its place in site.yaml" '[ $r -eq 1 ] && grep -q "site.yaml:[0-9]*:11: error: paginate " "$tmp/pg.err"'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
