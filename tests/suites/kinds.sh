#!/bin/sh
# The content kinds and the audit (issue 6), on the built demo site: the
# plan's items and progress chart, the quarterly reports, the FAQ index by
# category with its FAQPage JSON-LD, the SOP index and flowcharts, news on
# the home page, the print stylesheet, every SVG well-formed and labelled,
# and `gongkai audit` (text, --json, --strict, --today, the clock).
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

# 1. The demo, audited as of 2016-01-25 as build.sh does.
"$G" build --site "$ROOT" --out "$tmp/demo" --today 2016-01-25 -q 2>"$tmp/demo.err"
rc=$?
check "demo builds" '[ $rc -eq 0 ] && ! grep -q ": error: " "$tmp/demo.err"'
for f in plans/execution-plan-104/index.html reports/results-104-q4/index.html \
    faq/index.html sop/index.html news/index.html audit/index.html \
    css/print.css css/kinds.css; do
	check "demo has $f" '[ -f "$tmp/demo/$f" ]'
done

# 2. The pages, checked with Python.
cat >"$tmp/check.py" <<'EOF'
import json, os, re, sys, html.parser, xml.dom.minidom
out = sys.argv[1]
fails = []
def need(cond, what):
    print(("ok " if cond else "FAIL ") + what)

def read(rel):
    return open(os.path.join(out, rel), encoding="utf-8").read()

class Ids(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.dups, self.tags = set(), [], []
    def handle_starttag(self, tag, a):
        a = dict(a)
        self.tags.append((tag, a))
        if "id" in a:
            if a["id"] in self.ids:
                self.dups.append(a["id"])
            self.ids.add(a["id"])

def parse(rel):
    p = Ids()
    p.feed(read(rel))
    return p

# every SVG: well-formed XML, role=img, labelled by its own <title>,
# described by an element that exists on the page
svgs = 0
bad_svgs = []
for dirpath, _, files in os.walk(out):
    for f in files:
        if not f.endswith(".html"):
            continue
        rel = os.path.relpath(os.path.join(dirpath, f), out)
        text = read(rel)
        page = None
        for m in re.finditer(r"<svg\b.*?</svg>", text, re.S):
            svgs += 1
            try:
                doc = xml.dom.minidom.parseString(m.group(0))
            except Exception as e:
                bad_svgs.append(f"{rel}: not XML: {e}")
                continue
            svg = doc.documentElement
            if page is None:
                page = parse(rel)
            t = svg.getElementsByTagName("title")
            d = svg.getElementsByTagName("desc")
            if svg.getAttribute("role") != "img" or not t or not d \
                    or not t[0].firstChild or not d[0].firstChild:
                bad_svgs.append(f"{rel}: role/title/desc missing")
            if svg.getAttribute("aria-labelledby") != t[0].getAttribute("id"):
                bad_svgs.append(f"{rel}: aria-labelledby is not its title")
            for ref in svg.getAttribute("aria-describedby").split():
                if ref not in page.ids:
                    bad_svgs.append(f"{rel}: aria-describedby {ref} missing")
            if "script" in m.group(0).lower():
                bad_svgs.append(f"{rel}: script in SVG")
        if page is not None and page.dups:
            bad_svgs.append(f"{rel}: duplicate ids {page.dups}")
need(svgs >= 9, f"the demo has SVG pictures ({svgs})")
for b in bad_svgs:
    print("  " + b)
need(not bad_svgs, "every SVG is well-formed, role=img, labelled and described")

# the plan: its items table, the chart and its table, quarters linked
plan = read("plans/execution-plan-104/index.html")
items = re.search(r'<table class="kind-table plan-table">.*?</table>', plan, re.S)
need(items and len(re.findall(r'<th scope="row">', items.group(0))) == 27,
     "plan table has the 27 items")
need(items and len(re.findall(r'scope="rowgroup"', items.group(0))) == 5,
     "plan table groups the items by the seed's five areas")
need('aria-describedby="gk-progress-table"' in plan and
     'id="gk-progress-table"' in plan, "progress chart is described by its table")
prog = re.search(r'<table class="kind-table progress-table".*?</table>', plan, re.S)
need(prog and len(re.findall(r'<th scope="row">', prog.group(0))) == 27 and
     all(f'/reports/results-104-q{q}/' in prog.group(0) for q in range(1, 5)),
     "progress table: 27 rows, the four quarters linked to their reports")
need(prog and "落後" in prog.group(0) and "完成" in prog.group(0),
     "progress table names each status in words")
need("<time datetime=\"2015-06-30\">" in plan, "due dates are machine-readable")

# each report: its items with statuses, and a link back to the plan
for q in range(1, 5):
    r = read(f"reports/results-104-q{q}/index.html")
    t = re.search(r'<table class="kind-table report-table">.*?</table>', r, re.S)
    need(t and len(re.findall(r'<th scope="row">', t.group(0))) == 27 and
         '/plans/execution-plan-104/' in r and f"第{q}季" in r,
         f"report Q{q}: 27 items with statuses, linked to the plan")

# FAQ index: categories of <details>, FAQPage JSON-LD
faq = read("faq/index.html")
nfaq = len([f for f in os.listdir(os.path.join(out, "faq"))
            if os.path.isdir(os.path.join(out, "faq", f))])
need(faq.count("<details class=\"faq-item\">") == nfaq == 16,
     "FAQ index: every question in a <details>")
cats = re.findall(r'<section class="faq-category" aria-labelledby="([^"]+)">\s*<h2 id="\1">', faq)
need(len(cats) >= 4, f"FAQ index groups by category ({len(cats)})")
m = re.search(r'<script type="application/ld\+json">(.*?)</script>', faq, re.S)
need(m is not None, "FAQ index carries JSON-LD")
if m:
    raw = m.group(1)
    need("</" not in raw and "<" not in raw, "JSON-LD has no raw < (no </script>)")
    ld = json.loads(raw)
    need(ld["@context"] == "https://schema.org" and ld["@type"] == "FAQPage",
         "JSON-LD is a schema.org FAQPage")
    need(len(ld["mainEntity"]) == 16 and all(
        q["@type"] == "Question" and q["acceptedAnswer"]["@type"] == "Answer"
        and q["acceptedAnswer"]["text"] for q in ld["mainEntity"]),
        "JSON-LD: 16 questions with answers")
need(not parse("faq/index.html").dups, "FAQ index ids are unique")
one = read("faq/case-progress/index.html")
need("問題分類：案件查詢與閱卷" in one and '/sop/case-progress-query/' in one,
     "an FAQ page names its category and links its related SOP")

# SOP index and pages
sop = read("sop/index.html")
t = re.search(r'<table class="kind-table sop-table">.*?</table>', sop, re.S)
need(t and t.group(0).count("可線上查詢") >= 5 and "未提供" in t.group(0),
     "SOP index: time limits and online lookup, at least five")
need(t and "5個工作日" in t.group(0), "SOP index lists each time limit")
for s in os.listdir(os.path.join(out, "sop")):
    p = os.path.join("sop", s, "index.html")
    if not os.path.isfile(os.path.join(out, p)) or "revisions" in s:
        continue
    text = read(p)
    need('class="gk-flowchart"' in text and 'id="gk-steps"' in text,
         f"SOP {s}: flowchart with its ordered list of steps")
need("https://demo.gongkai.example/query/" in read("sop/file-review/index.html"),
     "SOP page links its progress lookup (demo domain)")

# news: on the home page, newest first, with their categories
home = read("index.html")
news = re.search(r'<section class="home-news".*?</section>', home, re.S)
dates = re.findall(r'<time datetime="([0-9-]+)"', news.group(0)) if news else []
need(news and 1 <= len(dates) <= 5 and dates == sorted(dates, reverse=True),
     "home page lists the latest news, newest first")
need(news and "新聞稿" in read("news/index.html") and "澄清" in read("news/index.html"),
     "news index shows press releases and clarifications")

# print: A4, navigation dropped, URLs shown, rows kept whole
css = read("css/print.css")
need("size: A4" in css and "attr(href)" in css and "break-inside: avoid" in css
     and ".site-menu" in css and "table-header-group" in css,
     "print.css: A4, no navigation, link URLs, whole rows, repeated headers")
need('<link rel="stylesheet" href="/css/print.css" media="print">' in plan,
     "pages link print.css for print")
need('本頁網址：https://demo.gongkai.example/plans/execution-plan-104/' in plan,
     "printed plans carry their own address")

# /audit/
audit = read("audit/index.html")
need('<time datetime="2016-01-25">' in audit and "捌、一" in audit and
     "105 年度" in audit, "/audit/ shows the findings as of --today")
EOF
python3 "$tmp/check.py" "$tmp/demo" >"$tmp/py.out" 2>&1
cat "$tmp/py.out"
pass=$((pass + $(grep -c '^ok ' "$tmp/py.out")))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/py.out")))
grep -q Traceback "$tmp/py.out" && bad "python checks ran"

# 3. Without --today a build audits as of the site update date.
"$G" build --site "$ROOT" --out "$tmp/plain" -q 2>/dev/null
upd=$(sed -n 's/.*class="site-updated">網站更新日期：<time datetime="\([0-9-]*\)".*/\1/p' "$tmp/plain/index.html")
check "build without --today audits as of the site update date" \
	'[ -n "$upd" ] && grep -q "基準日：<time datetime=\"$upd\">" "$tmp/plain/audit/index.html"'

# 4. gongkai audit, on a copy without git history so page dates decide.
mkdir -p "$tmp/site"
cp -r "$ROOT/content" "$ROOT/classification" "$tmp/site/"
sed 's/^theme: "default"$/theme: "default"\nhistory:\n  enabled: false/' \
    "$ROOT/site.yaml" >"$tmp/site/site.yaml"
ln -s "$ROOT/themes" "$tmp/site/themes"
"$G" audit --site "$tmp/site" --today 2015-12-31 >"$tmp/a1" 2>"$tmp/a1.err"; r1=$?
"$G" audit --site "$tmp/site" --today 2015-12-31 --strict >/dev/null 2>&1; r2=$?
check "audit as of 2015-12-31: nothing owed, a reminder for Q4" \
	'[ $r1 -eq 0 ] && [ $r2 -eq 0 ] && grep -q "^0 項應辦、1 項提醒 (0 owed, 1 notes)$" "$tmp/a1" && grep -q "第 4 季執行成果報告將於 105-01-20 到期" "$tmp/a1"'
"$G" audit --site "$tmp/site" --today 2016-01-25 >"$tmp/a2" 2>/dev/null; r3=$?
"$G" audit --site "$tmp/site" --today 2016-01-25 --strict >/dev/null 2>&1; r4=$?
check "audit as of 2016-01-25: the 105 plan is owed (捌、一)" \
	'[ $r3 -eq 0 ] && grep -q "content/plans/:1: 應辦 (owed) \[捌、一 公開年度執行計畫\] 尚未公開 105 年度" "$tmp/a2"'
check "--strict exits 1 when anything is owed" '[ $r4 -eq 1 ]'
check "each finding says what to do" \
	'[ "$(grep -c "^    → " "$tmp/a2")" -eq "$(grep -c ": 應辦 (owed) \|: 提醒 (note) " "$tmp/a2")" ]'
check "stale pages are found from their dates without history" \
	'grep -q "content/about/profile.md:1: 應辦 (owed) \[肆、四.1 資訊即時更新\]" "$tmp/a2"'
"$G" audit --site "$tmp/site" --today 2016-01-25 --json >"$tmp/a.json" 2>/dev/null
check "--json is one JSON document with the findings" \
	'python3 -c "
import json,sys
d=json.load(open(sys.argv[1]))
assert d[\"today\"]==\"2016-01-25\" and d[\"year\"]==105
assert len(d[\"rules\"])==8 and d[\"owed\"]==sum(r[\"owed\"] for r in d[\"rules\"])
assert d[\"owed\"]==sum(1 for f in d[\"findings\"] if f[\"level\"]==\"owed\")
assert all(set(f)>={\"rule\",\"section\",\"level\",\"path\",\"line\",\"message\",\"action\"} for f in d[\"findings\"])
assert [q[\"state\"] for q in d[\"plans\"][0][\"reports\"]]==[\"on_time\"]*4
assert d[\"sops\"][\"with_lookup\"]>=5 and d[\"faqs\"]==16
" "$tmp/a.json"'
check "text and JSON agree" \
	'[ "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"owed\"])" "$tmp/a.json")" -eq "$(grep -c ": 應辦 (owed) " "$tmp/a2")" ]'

# the clock, in the site's time zone, only without --today
"$G" audit --site "$tmp/site" --json >"$tmp/now.json" 2>/dev/null
d1=$(TZ=Asia/Taipei date +%F)
check "without --today: today in the site's time zone (Asia/Taipei)" \
	'python3 -c "import json,sys; d=json.load(open(sys.argv[1]))[\"today\"]; sys.exit(d not in sys.argv[2:])" "$tmp/now.json" "$d1" "$(TZ=Asia/Taipei date +%F)"'
"$G" audit --site "$tmp/site" --today 2016-02-30 >/dev/null 2>&1; r5=$?
"$G" audit --site "$tmp/site" --bogus >/dev/null 2>&1; r6=$?
check "bad --today or option: usage error (2)" '[ $r5 -eq 2 ] && [ $r6 -eq 2 ]'
printf -- '---\ntitle: [壞\n---\n' >"$tmp/site/content/faq/broken.md"
"$G" audit --site "$tmp/site" --today 2016-01-25 >/dev/null 2>&1; r7=$?
check "a site with errors: exit 1" '[ $r7 -eq 1 ]'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
