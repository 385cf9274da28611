#!/bin/sh
# Bad input (issue 10): a broken site never crashes gongkai, never corrupts
# the previous output and never writes outside --out.
#
# Each bad case is the small site tests/golden/basic/site with one thing
# broken, built over a good build of the same site into the same --out. It
# must exit 1 with a `path:line:col: error:` naming the offending file (and
# the line where there is one), and leave the previous output byte for
# byte, mtime for mtime, as it was. A few cases must build instead: BOM and
# CRLF files, a 50 MB page and 10,000-deep nesting.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
ROOT=$PWD
FIX=$ROOT/tests/fixtures/bad-input
pass=0 fail=0
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT

ok()   { pass=$((pass + 1)); echo "ok $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; [ -n "$2" ] && grep -v ": warning: " "$2" | sed "s/^/    /" | head -6; }
check() { if eval "$2"; then ok "$1"; else bad "$1" "$3"; fi; }

# Everything under a folder: path, type, size, mtime and checksum.
snapshot() {
	(cd "$1" && find . -printf '%p %y %s %T@\n' | sort &&
	    find . -type f -exec md5sum {} + | sort -k 2)
}

# fresh NAME: a copy of the basic site in $tmp/NAME/site, built into
# $tmp/NAME/out (the previous good output).
fresh() {
	d=$tmp/$1
	mkdir -p "$d"
	cp -r "$ROOT/tests/golden/basic/site" "$d/site"
	rm -rf "$d/site/.gongkai"
	"$G" build --site "$d/site" --out "$d/out" -q --no-check 2>"$d/good.err" ||
	    { echo "good build of $1 failed"; cat "$d/good.err"; }
	snapshot "$d/out" >"$d/before"
	site=$d/site
}

# rebuild NAME WHAT REGEX: build again after breaking the site; exit 1, an
# error line matching REGEX (an extended regex anchored at the line start,
# the site folder written as SITE), the previous output untouched.
rebuild() {
	"$G" build --site "$d/site" --out "$d/out" -q --no-check >"$d/out.txt" 2>"$d/err"
	rc=$?
	snapshot "$d/out" >"$d/after"
	re=$(printf '%s' "$3" | sed "s|SITE|$(printf '%s' "$d/site" | sed 's/[.[\*^$]/\\&/g')|g")
	check "$2: exits 1" '[ $rc -eq 1 ]' "$d/err"
	check "$2: error names the file" 'grep -q -E "^$re" "$d/err"' "$d/err"
	check "$2: previous output unchanged (bytes and mtimes)" 'cmp -s "$d/before" "$d/after"'
	check "$2: no crash, no sanitizer report" '! grep -q -E "Sanitizer|runtime error|Segmentation|Aborted" "$d/err"' "$d/err"
}

page() { # FILE: write a valid page with body $2 (printf format)
	printf -- "---\ntitle: 測試\ndate: 2015-01-01\n---\n$2" >"$site/content/$1"
}

# --- encoding -----------------------------------------------------------
fresh utf8-body
printf -- '---\ntitle: 測試\ndate: 2015-01-01\n---\n第一行\n壞的\377\376位元組\n' >"$site/content/faq/bad.md"
rebuild utf8-body "invalid UTF-8 in the body" 'SITE/content/faq/bad.md:6:[0-9]+: error: .*UTF-8'

fresh utf8-fm
printf -- '---\ntitle: "壞\303\050"\ndate: 2015-01-01\n---\n內容\n' >"$site/content/faq/bad.md"
rebuild utf8-fm "invalid UTF-8 in front matter" 'SITE/content/faq/bad.md:2:[0-9]+: error: .*UTF-8'

fresh empty
: >"$site/content/faq/empty.md"
rebuild empty "an empty file" 'SITE/content/faq/empty.md:1:1: error: '

# --- front matter -------------------------------------------------------
fresh unclosed
printf -- '---\ntitle: 沒有結束\ndate: 2015-01-01\n內容\n' >"$site/content/faq/open.md"
rebuild unclosed "front matter not closed" 'SITE/content/faq/open.md:1:1: error: .*---'

fresh yaml-syntax
printf -- '---\ntitle: 測試\ndate: 2015-01-01\nkeywords: [壞\n---\n內容\n' >"$site/content/faq/syntax.md"
rebuild yaml-syntax "a YAML syntax error" 'SITE/content/faq/syntax.md:[45]:[0-9]+: error: YAML'

fresh yaml-bomb
cp "$FIX/billion-laughs.md" "$site/content/faq/bomb.md"
rebuild yaml-bomb "YAML alias bomb (billion laughs)" 'SITE/content/faq/bomb.md:[0-9]+:[0-9]+: error: .*(alias|別名)'

fresh yaml-bomb-config
cat "$FIX/billion-laughs.yaml" >>"$site/site.yaml"
rebuild yaml-bomb-config "YAML alias bomb in site.yaml" 'SITE/site.yaml:[0-9]+:[0-9]+: error: .*(alias|別名)'

fresh title-list
printf -- '---\ntitle: [一, 二]\ndate: 2015-01-01\n---\n內容\n' >"$site/content/faq/list.md"
rebuild title-list "a title that is a list" 'SITE/content/faq/list.md:2:8: error: .*title'

fresh no-title
printf -- '---\ndate: 2015-01-01\n---\n內容\n' >"$site/content/faq/notitle.md"
rebuild no-title "a missing title" 'SITE/content/faq/notitle.md:1:1: error: .*title'

fresh no-date
printf -- '---\ntitle: 沒有日期\n---\n內容\n' >"$site/content/faq/nodate.md"
rebuild no-date "a missing date" 'SITE/content/faq/nodate.md:1:1: error: .*date'

fresh feb30
printf -- '---\ntitle: 日期\ndate: 2015-02-30\n---\n內容\n' >"$site/content/faq/feb30.md"
rebuild feb30 "date 2015-02-30" 'SITE/content/faq/feb30.md:3:7: error: .*2015-02-30'

fresh month13
printf -- '---\ntitle: 日期\ndate: 2015-13-01\n---\n內容\n' >"$site/content/faq/m13.md"
rebuild month13 "date 2015-13-01" 'SITE/content/faq/m13.md:3:7: error: .*2015-13-01'

fresh roc-date
printf -- '---\ntitle: 日期\ndate: 104-02-30\n---\n內容\n' >"$site/content/faq/roc.md"
rebuild roc-date "ROC date 104-02-30" 'SITE/content/faq/roc.md:3:7: error: .*104-02-30'

fresh lastmod-bad
printf -- '---\ntitle: 日期\ndate: 2015-01-01\nlastmod: 2015-04-31\n---\n內容\n' >"$site/content/faq/lm.md"
rebuild lastmod-bad "lastmod 2015-04-31" 'SITE/content/faq/lm.md:4:10: error: .*2015-04-31'

# --- URLs and paths -----------------------------------------------------
fresh same-url
printf -- '---\ntitle: 甲\ndate: 2015-01-01\nslug: same\n---\n甲\n' >"$site/content/faq/a.md"
printf -- '---\ntitle: 乙\ndate: 2015-01-01\nslug: same\n---\n乙\n' >"$site/content/faq/b.md"
rebuild same-url "two slugs give one URL" 'SITE/content/faq/(a|b).md:[0-9]+:[0-9]+: error: .*content/faq/(a|b).md'

fresh same-url-static
mkdir -p "$site/content/faq/progress"
echo '<p>靜態</p>' >"$site/content/faq/progress/index.html"
rebuild same-url-static "a page and a static file on one path" 'SITE/content/faq/progress(/index.html|.md):[0-9]+:[0-9]+: error: .*faq/progress(/index.html|.md)'

fresh same-url-dir
mkdir -p "$site/content/faq/a"
page faq/a.md '甲\n'
printf -- '---\ntitle: 乙\ndate: 2015-01-01\nslug: "."\n---\n乙\n' >"$site/content/faq/a/index.md"
rebuild same-url-dir "a.md and a/index.md with slug ." 'SITE/content/faq/a/index.md:4:7: error: .*slug'

for s in '../../escape' '/etc' 'a/b' '..' 'a\\b'; do
	n=slug-$(printf '%s' "$s" | tr -c 'a-z' '_')
	fresh "$n"
	printf -- "---\ntitle: 逃脫\ndate: 2015-01-01\nslug: '%s'\n---\n內容\n" "$s" >"$site/content/faq/esc.md"
	rebuild "$n" "slug $s" 'SITE/content/faq/esc.md:4:7: error: .*slug'
done

for s in '../../escape' '//evil.example/x' 'a/../../b' 'javascript:alert(1)' 'C:\\x'; do
	n=alias-$(printf '%s' "$s" | tr -c 'a-z' '_')
	fresh "$n"
	printf -- "---\ntitle: 逃脫\ndate: 2015-01-01\naliases: ['/ok/', '%s']\n---\n內容\n" "$s" >"$site/content/faq/esc.md"
	rebuild "$n" "alias $s" 'SITE/content/faq/esc.md:4:[0-9]+: error: .*alias'
done

# --- script URLs in site.yaml and front matter ---------------------------
fresh menu-js
sed 's|url: https://www.moj.gov.tw/|url: " JavaScript:alert(1)"|' "$site/site.yaml" >"$d/y" && mv "$d/y" "$site/site.yaml"
rebuild menu-js "a javascript: menu link in site.yaml" 'SITE/site.yaml:14:10: error: .*unsafe URL'

fresh feedback-js
printf '  feedback_url: "vbscript:msgbox(1)"\n' >"$d/y"
sed '/^agency:/r '"$d/y" "$site/site.yaml" >"$d/y2" && mv "$d/y2" "$site/site.yaml"
rebuild feedback-js "a vbscript: agency.feedback_url" 'SITE/site.yaml:4:17: error: .*unsafe URL'

fresh related-js
printf -- '---\ntitle: 相關\ndate: 2015-01-01\nrelated:\n  - {title: 壞, url: "data:text/html,<script>alert(1)</script>"}\n---\n內容\n' >"$site/content/faq/rel.md"
rebuild related-js "a data: related link" 'SITE/content/faq/rel.md:5:5: error: .*unsafe URL'

# Raw HTML allowed (markdown.unsafe: true) is sanitised, with both engines.
for engine in md4c cmark-gfm; do
	fresh "raw-$engine"
	printf 'markdown:\n  engine: %s\n  unsafe: true\n' "$engine" >>"$site/site.yaml"
	cat >"$site/content/faq/raw.md" <<'MD'
---
title: 原始 HTML
date: 2015-01-01
---
段落 <b onclick="alert(1)">粗體</b> 與 [連結](jav&#x61;script:alert(1))
及 ![圖](data:text/html,x)。

<div class="box" onmouseover="alert(1)">
<script>alert(1)</script>
<a href=" java	script:alert(1)">a</a>
<iframe src="https://evil.example/"></iframe>
<img src="x.png" alt="x" onerror=alert(1)>
<form action="javascript:alert(1)"><button formaction=JAVASCRIPT:alert(1)>b</button></form>
<!-- <script>alert(1)</script> -->
</div>
MD
	"$G" build --site "$site" --out "$d/out" -q --no-check 2>"$d/err"; rc=$?
	f=$d/out/faq/raw/index.html
	check "raw HTML ($engine): builds" '[ $rc -eq 0 ] && [ -f "$f" ]' "$d/err"
	check "raw HTML ($engine): no script, handler, iframe or script URL left" '! grep -q -i -E "alert\(|onclick|onmouseover|onerror|<iframe|javascript:|data:text" "$f"'
	check "raw HTML ($engine): the harmless markup is kept" 'grep -q "<b>粗體</b>" "$f" && grep -q "<div class=\"box\">" "$f" && grep -q "<img src=\"x.png\" alt=\"x\">" "$f"'
done

# --- symlinks out of the site -------------------------------------------
mkdir -p "$tmp/outside/dir"
printf -- '---\ntitle: 外面\ndate: 2015-01-01\n---\n秘密\n' >"$tmp/outside/secret.md"
cp "$tmp/outside/secret.md" "$tmp/outside/dir/x.md"
echo 'secret' >"$tmp/outside/secret.txt"
echo '{{#page}}{{title}}{{/page}}' >"$tmp/outside/page.mustache"

fresh link-page
ln -s "$tmp/outside/secret.md" "$site/content/faq/link.md"
rebuild link-page "a content page linked outside the site" 'SITE/content/faq/link.md:1:1: error: .*(symlink|連結)'

fresh link-dir
ln -s "$tmp/outside/dir" "$site/content/ext"
rebuild link-dir "a content folder linked outside the site" 'SITE/content/ext:1:1: error: .*(symlink|連結)'

fresh link-static
ln -s "$tmp/outside/secret.txt" "$site/content/files/leak.txt"
rebuild link-static "a static file linked outside the site" 'SITE/content/files/leak.txt:1:1: error: .*(symlink|連結)'

fresh link-layout
mkdir -p "$site/layouts"
ln -s "$tmp/outside/page.mustache" "$site/layouts/page.mustache"
rebuild link-layout "a layout linked outside the site" 'SITE/layouts/page.mustache:1:1: error: .*(symlink|連結)'

fresh link-inside
ln -s ../about.md "$site/content/faq/same.md"
"$G" build --site "$site" --out "$d/out2" -q --no-check 2>"$d/err"; rc=$?
check "a symlink inside the site is followed" '[ $rc -eq 0 ] && [ -f "$d/out2/faq/intro/index.html" ]' "$d/err"

# --- templates ----------------------------------------------------------
fresh tmpl-unclosed
mkdir -p "$site/layouts"
sed '3s/$/{{#page.title}}/' "$ROOT/themes/default/layouts/page.mustache" >"$site/layouts/page.mustache"
# the error is where the mismatch shows; it names the line the section opened
rebuild tmpl-unclosed "a template with an unclosed section" 'SITE/layouts/page.mustache:[0-9]+:[0-9]+: error: .*第 3 行'

fresh tmpl-self
mkdir -p "$site/layouts"
printf 'a\n{{>toc}}\n' >"$site/layouts/toc.mustache"
rebuild tmpl-self "a partial that includes itself" 'SITE/layouts/toc.mustache:2:1: error: .*(deeper|include)'

# --- the output folder --------------------------------------------------
# An --out that is a source folder, the site itself or holds the site would
# be replaced whole by the build: refused before anything is written.
fresh out-dirs
mkdir -p "$site/layouts"
snapshot "$site" >"$d/site-before"
for o in "$site" "$site/content" "$site/content/faq" "$site/layouts" "$d" "$site/classification" "$site/." "$site/content/../content"; do
	"$G" build --site "$site" --out "$o" -q --no-check 2>"$d/err"; rc=$?
	check "--out $(echo "$o" | sed "s|$tmp/||") refused (exit 1, message names it)" '[ $rc -eq 1 ] && grep -q -E ":1:1: error: .*--out" "$d/err"' "$d/err"
done
snapshot "$site" >"$d/site-after"
check "--out refusals left the site unchanged" 'cmp -s "$d/site-before" "$d/site-after"'
check "--out refusals left the previous output unchanged" 'snapshot "$d/out" | cmp -s "$d/before" -'
"$G" build --site "$site" -q --no-check 2>"$d/err"; rc=$?
check "the default SITE/public is still fine" '[ $rc -eq 0 ] && [ -f "$site/public/index.html" ]' "$d/err"

# A symlink planted in the output folder is never written through.
fresh out-link
mkdir -p "$tmp/victim"
echo keep >"$tmp/victim/index.html"
rm -rf "$d/out/faq/progress"
ln -s "$tmp/victim" "$d/out/faq/progress"
printf '\n改過\n' >>"$site/content/faq/progress.md"
snapshot "$d/out" >"$d/before"
"$G" build --site "$site" --out "$d/out" -q --no-check 2>"$d/err"; rc=$?
check "a symlink in the output folder is not written through" '[ "$(cat "$tmp/victim/index.html")" = keep ] && [ $(ls "$tmp/victim" | wc -l) -eq 1 ]' "$d/err"
check "a symlink in the output folder is an error naming it" '[ $rc -eq 1 ] && grep -q -E "faq/progress:1:1: error: " "$d/err"' "$d/err"

# --- inputs that must build ---------------------------------------------
# BOM and CRLF: the same output as the plain LF file.
mkdir -p "$tmp/bom"
for v in lf crlf; do
	cp -r "$ROOT/tests/golden/basic/site" "$tmp/bom/$v"
	rm -rf "$tmp/bom/$v/.gongkai"
done
for f in faq/progress.md sop/query.md about.md; do
	{ printf '\357\273\277'; sed 's/$/\r/' "$tmp/bom/lf/content/$f"; } >"$tmp/bom/crlf/content/$f"
done
sed 's/$/\r/' "$tmp/bom/lf/site.yaml" >"$tmp/bom/crlf/site.yaml"
"$G" build --site "$tmp/bom/lf" --out "$tmp/bom/lf.out" -q --no-check 2>"$tmp/bom/lf.err"; r1=$?
"$G" build --site "$tmp/bom/crlf" --out "$tmp/bom/crlf.out" -q --no-check 2>"$tmp/bom/crlf.err"; r2=$?
check "BOM + CRLF files build" '[ $r1 -eq 0 ] && [ $r2 -eq 0 ]' "$tmp/bom/crlf.err"
check "BOM + CRLF output equals the LF output" 'diff -r "$tmp/bom/lf.out" "$tmp/bom/crlf.out" >"$tmp/bom/diff"' "$tmp/bom/diff"
check "BOM + CRLF: no stray CR or BOM in the pages" '! grep -r -l -q "$(printf "\r")" "$tmp/bom/crlf.out" --include=*.html && ! grep -r -q "$(printf "\357\273\277")" "$tmp/bom/crlf.out"'

# Big and deep inputs must build (or fail with a clear error) in bounded
# time and memory. The bounds (60 s, 2 GiB; 900 s and 6 GiB under the
# sanitizers, which are several times slower and hungrier) are limits
# against hangs and runaway allocation, not speed targets.
case "$G" in *asan*) max_s=900 max_kb=6291456 ;; *) max_s=60 max_kb=2097152 ;; esac
measure() { # NAME SITE OUT: run a build under /usr/bin/time -v
	m=$1 merr=$tmp/measure-$(printf '%s' "$1" | tr -c 'a-z0-9' '_').err
	/usr/bin/time -v "$G" build --site "$2" --out "$3" -q --no-check >/dev/null 2>"$merr"
	rc=$?
	secs=$(sed -n 's/.*Elapsed (wall clock) time.*: \(.*\)/\1/p' "$merr" | awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
	kb=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\)/\1/p' "$merr")
	echo "  $m: exit $rc, ${secs}s, $((kb / 1024)) MiB peak"
	check "$m: builds, or fails with a clear error" '[ $rc -eq 0 ] || { [ $rc -eq 1 ] && grep -q -E "^[^ ]+:[0-9]+:[0-9]+: error: " "$merr"; }' "$merr"
	check "$m: no crash, no sanitizer report" '[ $rc -le 1 ] && ! grep -q -E "Sanitizer|runtime error" "$merr"' "$merr"
	check "$m: under $max_s s and $((max_kb / 1048576)) GiB" '[ -n "$kb" ] && awk "BEGIN { exit !($secs < $max_s) }" && [ "$kb" -lt $max_kb ]'
}

mkdir -p "$tmp/big"
cp -r "$ROOT/tests/golden/basic/site" "$tmp/big/site"
rm -rf "$tmp/big/site/.gongkai"
python3 - "$tmp/big/site/content/faq/big.md" <<'EOF'
import sys
para = ("本署為提升服務品質，**持續**推動*便民*措施，詳見[申辦流程](../sop/query.md)"
        "與 `代碼` 說明；電話 02-1234-5678。\n\n")
lst = "".join("- 第 %d 項，~~刪除~~ 與 <https://example.gov.tw/%d>\n" % (i, i) for i in range(20)) + "\n"
tbl = "| 季 | 件數 |\n|---|---|\n" + "".join("| 第%d季 | %d |\n" % (i % 4 + 1, i) for i in range(20)) + "\n"
chunk = ("## 第 %d 節\n\n" + para * 10 + lst + tbl)
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: 大檔案\ndate: 2015-01-01\n---\n")
    n, i = 0, 0
    while n < 50 * 1024 * 1024:
        s = chunk % i
        f.write(s)
        n += len(s.encode())
        i += 1
EOF
check "the 50 MB page is at least 50 MB" '[ $(wc -c <"$tmp/big/site/content/faq/big.md") -ge 52428800 ]'
measure "50 MB Markdown page" "$tmp/big/site" "$tmp/big/out"

# A page of 200,000 autolinks and no "[": finding where each link starts
# once scanned to the end of the input, quadratic (minutes); now bounded.
mkdir -p "$tmp/autolinks"
cp -r "$ROOT/tests/golden/basic/site" "$tmp/autolinks/site"
rm -rf "$tmp/autolinks/site/.gongkai"
python3 - "$tmp/autolinks/site/content/faq/links.md" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: 連結清單\ndate: 2015-01-01\n---\n")
    for i in range(200000):
        f.write("- <https://example.gov.tw/%d>\n" % i)
EOF
measure "200,000 autolinks" "$tmp/autolinks/site" "$tmp/autolinks/out"

mkdir -p "$tmp/deep"
for engine in md4c cmark-gfm; do
	s=$tmp/deep/$engine
	cp -r "$ROOT/tests/golden/basic/site" "$s"
	rm -rf "$s/.gongkai"
	printf 'markdown:\n  engine: %s\n  unsafe: true\n' "$engine" >>"$s/site.yaml"
	python3 - "$s/content/faq" <<'EOF'
import sys, os
d = sys.argv[1]
N = 10000
cases = {
    "quote": ">" * N + " 引言\n",
    "list": "- " * N + "項目\n",
    "indent": "".join("  " * i + "- 第%d層\n" % i for i in range(2000)),
    "emph": "*" * N + "強調" + "*" * N + "\n\n" + "_**" * (N // 3) + "x" + "**_" * (N // 3) + "\n",
    "brackets": "[" * N + "連結" + "]" * N + "(x)\n\n" + "![" * N + "\n\n" + "(" * N + "\n",
    "html": "<span>" * N + "文字" + "</span>" * N + "\n\n<div>\n" + "<div>" * N + "\n</div>\n",
    "links": "[a](" + "(" * N + ")" * N + ")\n",
}
for name, body in cases.items():
    with open(os.path.join(d, "deep-%s.md" % name), "w") as f:
        f.write("---\ntitle: 深層 %s\ndate: 2015-01-01\n---\n%s" % (name, body))
EOF
	measure "10,000-deep nesting ($engine)" "$s" "$tmp/deep/$engine.out"
done

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
