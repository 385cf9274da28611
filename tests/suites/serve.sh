#!/bin/sh
# The authoring workflow (issue 9): `gongkai serve` (HTTP, MIME types, 404,
# live reload by Server-Sent Events, new folders, the build-error page,
# path traversal, SIGTERM/SIGINT), `gongkai new` (each kind builds, no
# overwriting, safe slugs) and the build's progress and CI summary line.
# Needs curl and python3.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
ROOT=$PWD
pass=0 fail=0
tmp=$(mktemp -d)
SERVER=
cleanup() {
	[ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
unset CI

ok()   { pass=$((pass + 1)); echo "ok $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# A free port: bind port 0 and ask the kernel which one it gave.
free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# get PATH [OUT]: request PATH exactly as written (no normalising of
# "..", "%2e" or "\"); prints "STATUS CONTENT-TYPE", the body goes to OUT.
get() {
	python3 - "$PORT" "$1" "${2:-/dev/null}" <<'EOF'
import http.client, sys
port, path, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
try:
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.putrequest("GET", path, skip_accept_encoding=True)
    c.endheaders()
    r = c.getresponse()
    body = r.read()
    open(out, "wb").write(body)
    print(r.status, r.getheader("Content-Type", "-"))
except Exception as e:
    print("000 -")
EOF
}

# wait_for MS COMMAND: run COMMAND every 50 ms until it succeeds; prints
# the milliseconds it took, or fails after MS.
wait_for() {
	limit=$1
	shift
	start=$(date +%s%N)
	while :; do
		if eval "$1" >/dev/null 2>&1; then
			echo $((($(date +%s%N) - start) / 1000000))
			return 0
		fi
		[ $((($(date +%s%N) - start) / 1000000)) -ge "$limit" ] && return 1
		sleep 0.05
	done
}

# ------------------------------------------------------------------ #
# 1. gongkai serve

cp -r tests/golden/basic/site "$tmp/site"
cp -r classification "$tmp/site/classification"
mkdir -p "$tmp/site/content/images" "$tmp/t"
cat >"$tmp/site/content/images/dot.svg" <<'EOF'
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2" role="img"><title>點</title><circle cx="1" cy="1" r="1"/></svg>
EOF
echo "SECRET-OUTSIDE-THE-BUILD" >"$tmp/t/secret.txt"
echo "SECRET-OUTSIDE-THE-BUILD" >"$tmp/secret.txt"
PORT=$(free_port)
TMPDIR="$tmp/t" "$G" serve --site "$tmp/site" --port "$PORT" 2>"$tmp/serve.err" &
SERVER=$!
check "serve answers on a free port" \
	'wait_for 30000 "curl -sf -o /dev/null http://127.0.0.1:$PORT/" >/dev/null'
served=$(ls -d "$tmp"/t/gongkai-serve-* 2>/dev/null | head -1)
check "it builds into a temporary folder, not public/" \
	'[ -n "$served" ] && [ -f "$served/public/index.html" ] && [ ! -e "$tmp/site/public" ]'
check "it says where it serves" 'grep -q "http://127.0.0.1:$PORT/" "$tmp/serve.err"'

r=$(get / "$tmp/home.html")
check "the home page: 200 text/html; charset=utf-8" '[ "$r" = "200 text/html; charset=utf-8" ]'
check "served pages carry the reload script before </body>" \
	'grep -q "<script src=\"/__gongkai/reload.js\" data-gen=\"[0-9]*\"></script>" "$tmp/home.html" && tail -3 "$tmp/home.html" | grep -q "</body>"'
check "the files in the build folder do not" '! grep -rq "__gongkai" "$served/public"'
r=$(get /css/gongkai.css); check "css: text/css" 'case "$r" in "200 text/css"*) true;; *) false;; esac'
r=$(get /js/gongkai.js); check "js: text/javascript" 'case "$r" in "200 text/javascript"*) true;; *) false;; esac'
r=$(get /images/dot.svg); check "svg: image/svg+xml" '[ "$r" = "200 image/svg+xml" ]'
r=$(get /sitemap.xml); check "xml: application/xml" 'case "$r" in "200 application/xml"*) true;; *) false;; esac'
r=$(get /__gongkai/reload.js "$tmp/reload.js")
check "the reload script itself" 'case "$r" in "200 text/javascript"*) grep -q EventSource "$tmp/reload.js";; *) false;; esac'
r=$(get /no/such/page/ "$tmp/404.html")
check "a missing page: 404 with a page saying so" '[ "$r" = "404 text/html; charset=utf-8" ] && grep -q "找不到網頁" "$tmp/404.html"'
r=$(get /faq)
check "a folder without its slash redirects" '[ "${r%% *}" = 301 ]'

# path traversal: refused (403) or not found (404), never a file outside
for p in '/../secret.txt' '/../../secret.txt' '/../../../../../../etc/passwd' \
	'/%2e%2e/%2e%2e/secret.txt' '/%2E%2E/%2E%2E/etc/passwd' \
	'/css/..%2f..%2f..%2fsecret.txt' '/..%2f..%2f..%2f..%2fetc%2fpasswd' \
	'/%2F..%2F..%2Fsecret.txt' '/%2e%2e%2f%2e%2e%2fsecret.txt' \
	'/..\..\secret.txt' '/..%5c..%5csecret.txt' '/css\..\..\..\secret.txt' \
	'/%252e%252e/%252e%252e/secret.txt' '/./../secret.txt' \
	'/.gongkai-output' '//etc/passwd' '/faq/..' '/faq/%2e'; do
	r=$(get "$p" "$tmp/trav")
	case "${r%% *}" in
	403|404) if grep -q "SECRET-OUTSIDE\|root:" "$tmp/trav"; then bad "traversal $p: leaked a file"; else ok "traversal $p: ${r%% *}"; fi ;;
	*) bad "traversal $p: status ${r%% *}" ;;
	esac
done
ln -s "$tmp/secret.txt" "$served/public/leak.txt"
ln -s "$tmp" "$served/public/leakdir"
r=$(get /leak.txt "$tmp/trav"); check "a symlink out of the build folder is not followed" '[ "${r%% *}" = 404 ] && ! grep -q SECRET "$tmp/trav"'
r=$(get /leakdir/secret.txt "$tmp/trav"); check "nor a symlinked folder" '[ "${r%% *}" = 404 ] && ! grep -q SECRET "$tmp/trav"'
rm -f "$served/public/leak.txt" "$served/public/leakdir"

# live reload: an edit is served within 2 s, and the event stream says so
curl -sN --max-time 15 "http://127.0.0.1:$PORT/__gongkai/events" >"$tmp/sse" 2>/dev/null &
sse=$!
sleep 0.3
printf '\n即時預覽的新段落。\n' >>"$tmp/site/content/sop/query.md"
ms=$(wait_for 5000 "get /sop/query/ $tmp/q.html | grep -q '^200' && grep -q 即時預覽的新段落 $tmp/q.html")
echo "  reload latency: ${ms:-more than 5000} ms"
check "an edited page is served within 2 s (${ms:-?} ms)" '[ -n "$ms" ] && [ "$ms" -lt 2000 ]'
check "the event stream sends a reload event after the change" \
	'wait_for 3000 "grep -q \"^event: reload\" $tmp/sse" >/dev/null'
kill "$sse" 2>/dev/null; wait "$sse" 2>/dev/null

# a new folder with a new page
mkdir -p "$tmp/site/content/guide/deep"
printf -- '---\ntitle: 新資料夾的頁面\ndate: 2015-01-01\nservice: [I00]\n---\n新資料夾裡的內容。\n' >"$tmp/site/content/guide/deep/first.md"
check "a page in a new folder is picked up" \
	'wait_for 5000 "get /guide/deep/first/ $tmp/n.html | grep -q ^200 && grep -q 新資料夾裡的內容 $tmp/n.html" >/dev/null'
printf -- '---\ntitle: 第二頁\ndate: 2015-01-02\nservice: [I00]\n---\n同一新資料夾的第二頁。\n' >"$tmp/site/content/guide/deep/second.md"
check "and the new folder is watched from then on" \
	'wait_for 5000 "get /guide/deep/second/ | grep -q ^200" >/dev/null'

# a build error: every page shows the list of problems, path:line:col
printf -- '---\ntitle: [壞\n---\n' >"$tmp/site/content/faq/broken.md"
check "a build error replaces pages with the error page" \
	'wait_for 5000 "get /sop/query/ $tmp/e.html | grep -q ^500" >/dev/null'
check "the error page lists path:line:col and the message" \
	'grep -q "<code>[^<]*content/faq/broken.md:3:1</code>: <strong class=\"error\">error</strong>: YAML" "$tmp/e.html"'
check "the error page reloads when fixed (it has the script)" 'grep -q "/__gongkai/reload.js" "$tmp/e.html"'
check "the terminal shows the error too" 'grep -q "content/faq/broken.md:3:1: error: " "$tmp/serve.err"'
check "assets are still served from the last good build" '[ "$(get /css/gongkai.css | cut -d" " -f1)" = 200 ]'
rm "$tmp/site/content/faq/broken.md"
check "fixing it brings the page back" \
	'wait_for 5000 "get /sop/query/ | grep -q ^200" >/dev/null'
# site.yaml is watched too
sed -i 's/^title: .*/title: 改過的網站名稱/' "$tmp/site/site.yaml"
check "a change to site.yaml is picked up" \
	'wait_for 5000 "get / $tmp/h2.html | grep -q ^200 && grep -q 改過的網站名稱 $tmp/h2.html" >/dev/null'

# SIGTERM: exit 0, temporary folder removed
kill -TERM "$SERVER"
wait "$SERVER"
rc=$?
SERVER=
check "SIGTERM stops the server with exit 0" '[ $rc -eq 0 ]'
check "and removes its temporary folder" '[ ! -e "$served" ] && [ -z "$(ls "$tmp/t" | grep gongkai-serve)" ]'
check "the port is free again" '! curl -s -o /dev/null "http://127.0.0.1:$PORT/"'

# SIGINT (Ctrl+C) the same, with a base path in base_url
sed -i 's|^base_url: .*|base_url: https://example.gov.tw/agency/|' "$tmp/site/site.yaml"
PORT=$(free_port)
TMPDIR="$tmp/t" "$G" serve --site "$tmp/site" --port "$PORT" 2>"$tmp/serve2.err" &
SERVER=$!
wait_for 30000 "curl -sf -o /dev/null http://127.0.0.1:$PORT/agency/" >/dev/null
r=$(get /agency/sop/query/)
check "a base path in base_url is served under that path" '[ "${r%% *}" = 200 ]'
r=$(get /)
check "/ redirects to the base path" '[ "${r%% *}" = 302 ]'
kill -INT "$SERVER"
wait "$SERVER"
rc=$?
SERVER=
check "SIGINT stops the server with exit 0, folder removed" '[ $rc -eq 0 ] && [ -z "$(ls "$tmp/t" | grep gongkai-serve)" ]'

# usage
"$G" serve --port 99999 2>/dev/null; r1=$?
"$G" serve --bind not-an-address --site "$tmp/site" --port 0 2>/dev/null; r2=$?
check "bad --port and --bind are usage errors (2)" '[ $r1 -eq 2 ] && [ $r2 -eq 2 ]'

PORT=$(free_port)
python3 -c "import socket, time; s = socket.socket(); s.bind(('127.0.0.1', $PORT)); s.listen(); time.sleep(20)" &
blocker=$!
sleep 0.5
TMPDIR="$tmp/t" "$G" serve --site "$tmp/site" --port "$PORT" 2>"$tmp/busy.err"; rc=$?
kill "$blocker" 2>/dev/null; wait "$blocker" 2>/dev/null
check "a port in use: exit 2, a message naming it, no folder left" \
	'[ $rc -eq 2 ] && grep -q "連接埠 $PORT 提供服務" "$tmp/busy.err" && [ -z "$(ls "$tmp/t" | grep gongkai-serve)" ]'

# the reload script never reaches `gongkai build` output
"$G" build --site "$tmp/site" --out "$tmp/built" -q 2>/dev/null
check "gongkai build output has no reload script" '[ -f "$tmp/built/index.html" ] && ! grep -rq "__gongkai\|EventSource" "$tmp/built"'

# ------------------------------------------------------------------ #
# 2. gongkai new

cp -r tests/golden/basic/site "$tmp/new"
cp -r classification "$tmp/new/classification"
for k in plan report faq sop news page; do
	out=$("$G" new "$k" "Office Hours $k" --site "$tmp/new" --today 2026-11-27 2>/dev/null)
	rc=$?
	case $k in page) want="$tmp/new/content/office-hours-$k.md" ;;
	plan) want="$tmp/new/content/plans/office-hours-$k.md" ;;
	report) want="$tmp/new/content/reports/office-hours-$k.md" ;;
	*) want="$tmp/new/content/$k/office-hours-$k.md" ;;
	esac
	check "new $k: prints the new file's path" '[ $rc -eq 0 ] && [ "$out" = "$want" ] && [ -f "$want" ]'
	check "new $k: title, today's date, empty classifications" \
		'grep -q "^title: \"Office Hours $k\"$" "$want" && grep -q "^date: 2026-11-27$" "$want" && grep -q "^theme: \[\]$" "$want" && grep -q "^cake: \[\]$" "$want" && grep -q "^service: \[\]$" "$want"'
	check "new $k: the comment lists the vocabularies' codes" \
		'grep -q "^#     610 司法與檢察" "$want" && grep -q "^#   I00 公共資訊$" "$want" && grep -q "^#   [0-9A-Z]* " "$want"'
done
check "new plan: this ROC year" 'grep -q "^year: 115 " "$tmp/new/content/plans/office-hours-plan.md"'
check "new report: the newest plan lacking a report, its first quarter" \
	'grep -q "^plan: \"plans/office-hours-plan.md\"" "$tmp/new/content/reports/office-hours-report.md" && grep -q "^year: 115$" "$tmp/new/content/reports/office-hours-report.md" && grep -q "^quarter: 1 " "$tmp/new/content/reports/office-hours-report.md"'
check "new sop: steps under 作業流程" 'grep -q "^## 作業流程" "$tmp/new/content/sop/office-hours-sop.md"'
"$G" build --site "$tmp/new" --out "$tmp/new-out" 2>"$tmp/new.err" >/dev/null
rc=$?
grep "office-hours" "$tmp/new.err" >"$tmp/new.diag"
check "the new pages build (exit 0, no errors)" '[ $rc -eq 0 ] && ! grep -q ": error: " "$tmp/new.err"'
check "their only warnings: the empty classifications" \
	'[ -s "$tmp/new.diag" ] && ! grep -v "warning: .*(missing classification: theme, cake, service)$" "$tmp/new.diag" | grep -q .'
check "the new pages are published" '[ -f "$tmp/new-out/faq/office-hours-faq/index.html" ] && [ -f "$tmp/new-out/office-hours-page/index.html" ] && [ -f "$tmp/new-out/sop/office-hours-sop/index.html" ]'
check "--strict fails only on those warnings" \
	'! "$G" build --site "$tmp/new" --out "$tmp/new-strict" --strict 2>&1 | grep "office-hours.*: error: " | grep -v "(missing classification: theme, cake, service)$" | grep -q .'

mkdir -p "$tmp/demo"
cp -r site.yaml content classification "$tmp/demo/"
rm "$tmp/demo/content/reports/results-104-q4.md" "$tmp/demo/content/news/report-104-q4.md"
r=$("$G" new report "Fourth quarter" --site "$tmp/demo" 2>/dev/null)
check "new report on the demo: the plan missing Q4, every item at 未開始" \
	'grep -q "^plan: \"plans/execution-plan-104.md\"" "$r" && grep -q "^quarter: 4 " "$r" && [ "$(grep -c "^  - id: " "$r")" = 27 ] && [ "$(grep -c "^    status: 未開始$" "$r")" = 27 ]'
"$G" build --site "$tmp/demo" --out "$tmp/demo-out" 2>"$tmp/demo.err" >/dev/null; rc=$?
check "and it builds with only the classification warning" \
	'[ $rc -eq 0 ] && [ "$(grep -c "fourth-quarter.md" "$tmp/demo.err")" = 1 ] && grep -q "fourth-quarter.md:[0-9]*:[0-9]*: warning: .*(missing classification: theme, cake, service)$" "$tmp/demo.err"'

# never overwrite
sum1=$(md5sum <"$tmp/new/content/faq/office-hours-faq.md")
"$G" new faq "Office Hours faq" --site "$tmp/new" >"$tmp/ow.out" 2>"$tmp/ow.err"; rc=$?
check "an existing file is refused (exit 1) and left as it was" \
	'[ $rc -eq 1 ] && [ ! -s "$tmp/ow.out" ] && [ "$(md5sum <"$tmp/new/content/faq/office-hours-faq.md")" = "$sum1" ] && grep -q "office-hours-faq.md:1:1: error: .*not overwritten" "$tmp/ow.err"'
"$G" new faq "Other" --slug office-hours-faq --site "$tmp/new" >/dev/null 2>&1; rc=$?
check "also with --slug" '[ $rc -eq 1 ] && [ "$(md5sum <"$tmp/new/content/faq/office-hours-faq.md")" = "$sum1" ]'

# slugs
a=$("$G" new faq "如何申請閱卷" --site "$tmp/new" --today 2026-11-27 2>/dev/null)
b=$("$G" new faq "如何申請閱卷" --site "$tmp/new" --today 2026-11-27 2>/dev/null)
check "a non-Latin title: the date and a counter" \
	'[ "$a" = "$tmp/new/content/faq/2026-11-27-1.md" ] && [ "$b" = "$tmp/new/content/faq/2026-11-27-2.md" ]'
c=$("$G" new faq "../../etc/Pass Wd" --site "$tmp/new" 2>/dev/null)
check "a title with a path in it stays in its section" '[ "$c" = "$tmp/new/content/faq/etc-pass-wd.md" ]'
find "$tmp" -newer "$tmp/new.err" -name '*.md' | sort >"$tmp/before-bad"
for s in ../evil /etc/evil a/b .. . .hidden 'a\b' '' 'x y' '-x'; do
	"$G" new faq "Evil" --slug "$s" --site "$tmp/new" >/dev/null 2>&1; rc=$?
	check "unsafe slug '$s' is a usage error" '[ $rc -eq 2 ]'
done
find "$tmp" -newer "$tmp/new.err" -name '*.md' | sort >"$tmp/after-bad"
check "no file was written for an unsafe slug" 'cmp -s "$tmp/before-bad" "$tmp/after-bad" && [ ! -e "$tmp/new/content/evil.md" ] && [ ! -e "$tmp/evil.md" ]'
d=$("$G" new page "Quote \"and\" back\\slash" --slug quoted --site "$tmp/new" 2>/dev/null)
"$G" build --site "$tmp/new" --out "$tmp/new-out" -q 2>/dev/null; rc=$?
check "a title with quotes and backslashes is written as valid YAML" \
	'[ $rc -eq 0 ] && grep -q "Quote &quot;and&quot; back\\\\slash" "$tmp/new-out/quoted/index.html"'
"$G" new bogus "X" --site "$tmp/new" >/dev/null 2>&1; r1=$?
"$G" new faq --site "$tmp/new" >/dev/null 2>&1; r2=$?
"$G" new faq "X" --site "$tmp/nowhere" >/dev/null 2>&1; r3=$?
check "unknown kind or missing title: 2; no site: 1" '[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 1 ]'

# ------------------------------------------------------------------ #
# 3. Progress and the CI summary line

CI=true "$G" build --site "$tmp/new" --out "$tmp/ci-out" 2>"$tmp/ci.err" >/dev/null
check "CI: one summary line with pages, time, warnings and errors" \
	'[ "$(grep -c "^gongkai: " "$tmp/ci.err")" = 1 ] && grep -q -E "^gongkai: 已建置 [0-9]+ 頁、[0-9]+ 個檔案（[0-9]+ 個有變動），輸出至 .*，費時 [0-9]+\.[0-9]{2} 秒；[0-9]+ 個警告、0 個錯誤 \([0-9]+ pages, [0-9]+ files, [0-9]+ changed, [0-9]+\.[0-9]{2} s, [0-9]+ warnings, 0 errors\)$" "$tmp/ci.err"'
check "CI: no progress line, no terminal codes" '! grep -q "$(printf "\r")\|$(printf "\033")\|建置中" "$tmp/ci.err"'
"$G" build --site "$tmp/new" --out "$tmp/ci-out" 2>"$tmp/notty.err" >/dev/null
check "no terminal: the same single summary line" '[ "$(grep -c "^gongkai: 已建置" "$tmp/notty.err")" = 1 ] && ! grep -q "建置中" "$tmp/notty.err"'
printf -- '---\ntitle: [壞\n---\n' >"$tmp/new/content/faq/broken.md"
CI=true "$G" build --site "$tmp/new" --out "$tmp/ci-out" 2>"$tmp/cif.err" >/dev/null; rc=$?
check "CI: a failed build's summary counts the errors" \
	'[ $rc -eq 1 ] && [ "$(grep -c "^gongkai: " "$tmp/cif.err")" = 1 ] && grep -q -E "^gongkai: 建置失敗：[0-9]+ 頁，費時 [0-9.]+ 秒；[0-9]+ 個警告、1 個錯誤，.*\(build failed, nothing written: [0-9]+ pages, [0-9.]+ s, [0-9]+ warnings, 1 errors\)$" "$tmp/cif.err"'
rm "$tmp/new/content/faq/broken.md"
CI=true "$G" build --site "$tmp/new" --out "$tmp/ci-out" -q 2>"$tmp/q.err" >/dev/null
check "-q stays quiet" '! grep -q "^gongkai: " "$tmp/q.err"'

# on a terminal: a long build shows pages done / total, then clears it
mkdir -p "$tmp/big"
cp -r tests/golden/basic/site/. "$tmp/big/"
i=0
while [ $i -lt 600 ]; do
	printf -- '---\ntitle: 第 %d 題\ndate: 2015-01-01\ncategory: 其他\nservice: [I00]\n---\n第 %d 題的回答，內容足以讓建置花一點時間。\n\n- 一\n- 二\n' $i $i >"$tmp/big/content/faq/q$i.md"
	i=$((i + 1))
done
if command -v script >/dev/null 2>&1; then
	script -qec "\"$G\" build --site \"$tmp/big\" --out \"$tmp/big-out\" -j 1" /dev/null >"$tmp/tty.out" 2>&1
	check "terminal: a progress line of pages done / total" 'grep -q "建置中 [0-9]*/[0-9]* 頁 (building pages [0-9]*/[0-9]*)" "$tmp/tty.out"'
	check "terminal: overwritten in place and cleared before the summary" \
		'grep -q "$(printf "\r\033")\[K" "$tmp/tty.out" && tail -1 "$tmp/tty.out" | sed "s/.*$(printf "\033")\[K//" | grep -q "^gongkai: 已建置"'
	script -qec "CI=true \"$G\" build --site \"$tmp/big\" --out \"$tmp/big-out\" -j 1" /dev/null >"$tmp/tty-ci.out" 2>&1
	check "terminal with CI=true: no progress line" '! grep -q "建置中" "$tmp/tty-ci.out" && grep -q "gongkai: 已建置" "$tmp/tty-ci.out"'
	script -qec "\"$G\" build --site \"$tmp/big\" --out \"$tmp/big-out2\" -j 1 -q" /dev/null >"$tmp/tty-q.out" 2>&1
	check "terminal with -q: nothing" '! grep -q "建置中\|gongkai:" "$tmp/tty-q.out"'
else
	echo "skip: no script(1) for a pseudo-terminal"
fi

# ------------------------------------------------------------------ #
# 4. CI: the README's workflows and the GitHub problem matcher

check "the problem matcher annotates gongkai's messages (file, line, column, severity)" \
	'python3 - "$tmp/new.err" "$tmp/cif.err" <<"EOF"
import json, re, sys
m = json.load(open(".github/gongkai-matcher.json"))["problemMatcher"][0]["pattern"][0]
rx = re.compile(m["regexp"])
n = 0
for f in sys.argv[1:]:
    for line in open(f, encoding="utf-8"):
        line = line.rstrip("\n")
        g = rx.match(line)
        if line.startswith("gongkai:"):
            assert g is None, line
            continue
        assert g, line
        assert g.group(m["severity"]) in ("error", "warning")
        int(g.group(m["line"])); int(g.group(m["column"]))
        assert g.group(m["file"]).endswith(".md") or g.group(m["file"]).endswith(".yaml"), line
        n += 1
assert n > 5
EOF'
check "the README's workflows: valid YAML, full history, --strict, audit, publish public/" \
	'python3 <<"EOF"
import re, yaml
t = open("README.md", encoding="utf-8").read()
gh = yaml.safe_load(re.search(r"\*\*GitHub Actions\*\*.*?```yaml\n(.*?)```", t, re.S).group(1))
gl = yaml.safe_load(re.search(r"\*\*GitLab CI\*\*.*?```yaml\n(.*?)```", t, re.S).group(1))
steps = gh["jobs"]["build"]["steps"]
assert steps[0]["with"]["fetch-depth"] == 0
runs = "\n".join(s.get("run", "") for s in steps)
assert "::add-matcher::.github/gongkai-matcher.json" in runs
assert "./gongkai build --strict" in runs and "./gongkai audit" in runs
assert "libmicrohttpd-dev" in runs
assert any(s.get("with", {}).get("path") == "public" for s in steps)
assert str(gl["variables"]["GIT_DEPTH"]) == "0"
job = gl["pages"]
assert "./gongkai build --strict" in job["script"] and "./gongkai audit" in job["script"]
assert job["artifacts"]["paths"] == ["public"]
assert "libmicrohttpd-dev" in " ".join(job["before_script"])
EOF'
check "build.sh and config.mk list libmicrohttpd" 'grep -q libmicrohttpd-dev build.sh && grep -q "^PKGS = .*libmicrohttpd" config.mk'
# the binary does not load it to build: serve loads it (dlopen), and the
# suite above served with it
check "libmicrohttpd is loaded by serve, not with the binary" '! ldd "$G" | grep -q "libmicrohttpd\|libgnutls"'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
