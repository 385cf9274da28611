#!/bin/sh
# gongkai build --all (issue 6): every site under sites/ built into
# OUT/AGENCY/ with the shared themes/, and the supervision page (管制考核)
# listing each agency's audit; one audit day for all; atomic as a whole.
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

AGENCIES="detention-example enforcement-example prosecutors-example"

# 1. The three demo agencies, as build.sh builds them.
TZ=UTC LC_ALL=C "$G" build --all --site "$ROOT" --out "$tmp/all" --today 2016-01-25 -q 2>"$tmp/err"
rc=$?
check "build --all succeeds" '[ $rc -eq 0 ] && ! grep -q ": error: " "$tmp/err"'
check "the demo has at least three agencies" '[ "$(ls -d "$ROOT"/sites/*/ | wc -l)" -ge 3 ]'
for a in $AGENCIES; do
	check "$a: built into OUT/$a/" '[ -f "$tmp/all/$a/index.html" ] && [ -f "$tmp/all/$a/sitemap.xml" ]'
	check "$a: its /audit/ page" '[ -f "$tmp/all/$a/audit/index.html" ]'
	check "$a: the shared theme, under its own base path" \
	    'grep -q "href=\"/all/$a/css/gongkai.css\"" "$tmp/all/$a/index.html" && [ -f "$tmp/all/$a/css/gongkai.css" ]'
done
check "the supervision page and its stylesheet" '[ -f "$tmp/all/index.html" ] && [ -f "$tmp/all/css/gongkai.css" ] && [ -f "$tmp/all/supervision.json" ]'

# 2. What the supervision page says.
cat >"$tmp/check.py" <<'PY'
import json, os, re, sys, html.parser
out = sys.argv[1]
def need(c, what): print(("ok " if c else "FAIL ") + what)
page = open(os.path.join(out, "index.html"), encoding="utf-8").read()
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(); self.links = []; self.h2 = []; self.ids = []
        self.cur = None
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "a" and "href" in a: self.links.append(a["href"])
        if "id" in a: self.ids.append(a["id"])
        self.cur = tag
    def handle_data(self, d):
        if self.cur == "h2" and d.strip(): self.h2.append(d.strip())
    def handle_endtag(self, tag): self.cur = None
p = P(); p.feed(page)
need(p.h2 == ["法務部矯正署", "法務部行政執行署", "臺灣高等檢察署"],
     "agencies grouped by supervising agency")
need("<h1>提升服務品質管制考核</h1>" in page and '<time datetime="2016-01-25">105-01-25</time>' in page,
     "title and the audit day")
rows = re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)
need(len(rows) == 3, "one row per agency")
def row(name):
    return next(r for r in rows if name in r)
det, enf, pro = row("範例看守所"), row("範例行政執行分署"), row("範例南區地方檢察署")
need("未公開" in det and "已公開" in enf and "已公開" in pro, "plan published (捌、一)")
need("104 年第 3 季：" in det and "逾期提報" in det and "104 年第 4 季：<strong>未提報</strong>" in det,
     "reports on time, late, missing (陸、四)")
need(enf.count("準時") == 4 and pro.count("準時") == 4, "reports on time")
need("3 項（共 5 項 SOP）<strong>未達 5 項</strong>" in det and "5 項（共 5 項 SOP）" in enf,
     "SOP count with lookups (肆、二.4)")
need(len(set(p.ids)) == len(p.ids), "ids are unique")
missing = [l for l in p.links if not l.startswith(("http", "#")) and not
           os.path.exists(os.path.join(out, l.split("#")[0], "index.html") if l.endswith("/")
                          else os.path.join(out, l.split("#")[0]))]
need(not missing, f"every link of the supervision page resolves {missing}")
d = json.load(open(os.path.join(out, "supervision.json")))
need([x["folder"] for x in d] == ["detention-example", "enforcement-example", "prosecutors-example"],
     "supervision.json: every agency's audit")
owed = {x["folder"]: {f["rule"] for f in x["audit"]["findings"] if f["level"] == "owed"} for x in d}
need({"plan", "reports", "sop_lookup"} <= owed["detention-example"], "範例看守所 owes plan, report, lookups")
need(not ({"plan", "reports", "sop_lookup", "disclosures", "feedback"} & owed["enforcement-example"]),
     "範例行政執行分署 owes none of the plan's obligations")
need({"feedback", "disclosures"} <= owed["prosecutors-example"], "範例南區地方檢察署 owes feedback and budget")
need(all(x["audit"]["today"] == "2016-01-25" for x in d), "one audit day for all")
PY
python3 "$tmp/check.py" "$tmp/all" >"$tmp/py.out" 2>&1
cat "$tmp/py.out"
pass=$((pass + $(grep -c '^ok ' "$tmp/py.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/py.out")))
grep -q Traceback "$tmp/py.out" && bad "python checks ran"

# 3. Reproducible: another zone and locale give the same bytes.
TZ=America/New_York LC_ALL=C.UTF-8 "$G" build --all --site "$ROOT" --out "$tmp/all2" --today 2016-01-25 -q 2>/dev/null
check "build --all is byte-identical twice" 'diff -r "$tmp/all" "$tmp/all2" >/dev/null'

# 4. Without --today: the newest site update date of all the agencies.
"$G" build --all --site "$ROOT" --out "$tmp/all3" -q 2>/dev/null
newest=$(for a in $AGENCIES; do sed -n 's/.*class="site-updated">網站更新日期：<time datetime="\([0-9-]*\)".*/\1/p' "$tmp/all3/$a/index.html"; done | sort | tail -1)
check "without --today: the newest update date of all the sites" \
	'[ -n "$newest" ] && grep -q "基準日：<time datetime=\"$newest\">" "$tmp/all3/index.html"'

# 5. One broken agency: nothing is written, the previous output stays.
mkdir -p "$tmp/root/sites"
cp -r "$ROOT/sites/enforcement-example" "$ROOT/sites/prosecutors-example" "$tmp/root/sites/"
ln -s "$ROOT/themes" "$tmp/root/themes"
"$G" build --all --site "$tmp/root" --out "$tmp/out" --today 2016-01-25 -q 2>/dev/null
r1=$?
(cd "$tmp/out" && find . -type f | sort | xargs md5sum) >"$tmp/before"
printf -- '---\ntitle: 壞\ndate: 2015-01-01\nplan: plans/none.md\nquarter: 1\n---\n' \
    >"$tmp/root/sites/prosecutors-example/content/reports/broken.md"
"$G" build --all --site "$tmp/root" --out "$tmp/out" --today 2016-01-25 2>"$tmp/err2"
r2=$?
(cd "$tmp/out" && find . -type f | sort | xargs md5sum) >"$tmp/after"
check "a copied ROOT with themes/ builds" '[ $r1 -eq 0 ] && [ -f "$tmp/out/index.html" ]'
check "one broken agency: exit 1, error names its file" \
	'[ $r2 -eq 1 ] && grep -q "sites/prosecutors-example/content/reports/broken.md:4:7: error: " "$tmp/err2"'
check "one broken agency: the previous output is untouched" 'cmp -s "$tmp/before" "$tmp/after"'
check "no temporary folder left behind" '[ -z "$(ls -A "$tmp" | grep gongkai-out)" ]'

# 6. No sites: an error.
mkdir -p "$tmp/empty"
"$G" build --all --site "$tmp/empty" --out "$tmp/eout" 2>"$tmp/err3"; r3=$?
check "no sites/*/site.yaml: exit 1 with a message" '[ $r3 -eq 1 ] && grep -q "sites/\*/site.yaml" "$tmp/err3" && [ ! -e "$tmp/eout" ]'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
