#!/bin/sh
# MyEGov metadata and the classification indexes (issue 4), checked on the
# built demo site: every page's <meta> names, the index pages, 網站導覽,
# sitemap.xml and robots.txt, links that all resolve, --strict, and the
# built-in service vocabulary being current with data/service.tsv.
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

# 1. The generated table is what the script makes of data/service.tsv.
python3 generator/service_vocab.py data/service.tsv >"$tmp/vocab.h"
check "service_vocab.h is current with data/service.tsv" \
	'cmp -s "$tmp/vocab.h" generator/service_vocab.h'

# 2. The demo builds without errors and has the new pages.
"$G" build --site "$ROOT" --out "$tmp/demo" -q 2>"$tmp/demo.err"
rc=$?
check "demo builds" '[ $rc -eq 0 ] && ! grep -q ": error: " "$tmp/demo.err"'
for f in classification/index.html classification/theme/index.html \
    classification/cake/index.html classification/service/index.html \
    classification/service/I00/index.html classification/theme/610/index.html \
    sitemap/index.html sitemap.xml robots.txt; do
	check "demo has $f" '[ -f "$tmp/demo/$f" ]'
done
check "codes without pages get no page" \
	'[ ! -e "$tmp/demo/classification/service/100" ] && [ ! -e "$tmp/demo/classification/theme/600" ]'
check "robots.txt points at sitemap.xml" \
	'grep -qx "Sitemap: https://demo.gongkai.example/sitemap.xml" "$tmp/demo/robots.txt"'

# 3. The HTML and XML, checked with Python.
cat >"$tmp/check.py" <<'EOF'
import os, re, sys, html.parser, urllib.parse, xml.dom.minidom
out = sys.argv[1]
DC = ["DC.Title", "DC.Creator", "DC.Subject", "DC.Description",
      "DC.Contributor", "DC.Type", "DC.Format", "DC.Source", "DC.Language",
      "DC.coverage.t.min", "DC.coverage.t.max", "DC.Publisher", "DC.Date",
      "DC.Identifier", "DC.Relation", "DC.Rights"]
CAT = ["Category.Theme", "Category.Cake", "Category.Service"]

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta, self.links, self.h1, self.ids = [], [], 0, set()
        self.header_links, self.in_header = [], False
        self.tables, self.captions, self.th_scope_missing = 0, 0, 0
        self.accesskeys = []
    def handle_starttag(self, tag, a):
        a = dict(a)
        if tag == "meta" and "name" in a:
            self.meta.append((a["name"], a.get("content")))
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag in ("a", "input") and "accesskey" in a:
            self.accesskeys.append(a["accesskey"])
        if tag == "h1":
            self.h1 += 1
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and "scope" not in a:
            self.th_scope_missing += 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "nav" and a.get("class") == "header-links":
            self.in_header = True
        if self.in_header and tag == "a":
            self.header_links.append(a["href"])
    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_header = False

problems = []
def problem(msg):
    problems.append(msg)

files = []
for d, _, fs in os.walk(out):
    for f in fs:
        files.append(os.path.relpath(os.path.join(d, f), out))
pages = sorted(f for f in files if f.endswith(".html"))
for rel in pages:
    p = Page()
    p.feed(open(os.path.join(out, rel), encoding="utf-8").read())
    names = [n for n, _ in p.meta]
    want = ["viewport", "description", "generator"] + DC
    got_dc = [n for n in names if not n.startswith("Category.") and n != "Keywords"]
    if got_dc != want:
        problem("%s: DC names %s" % (rel, got_dc))
    for c in CAT:
        vals = [v for n, v in p.meta if n == c]
        if not vals or any(not v for v in vals):
            problem("%s: %s missing or empty" % (rel, c))
    if names.count("Keywords") != 1 or names[-1] != "Keywords":
        problem("%s: Keywords" % rel)
    date = dict(p.meta).get("DC.Date", "")
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", date or ""):
        problem("%s: DC.Date %r" % (rel, date))
    if p.h1 != 1:
        problem("%s: %d h1" % (rel, p.h1))
    if p.header_links[:3] != ["/", "/sitemap/", "/classification/"]:
        problem("%s: header links %s" % (rel, p.header_links))
    if sorted(p.accesskeys) != ["C", "S", "U", "Z"]:
        problem("%s: access keys %s" % (rel, p.accesskeys))
    # the generated tables (Markdown tables have no caption syntax)
    if rel.startswith("classification/") and (p.tables != p.captions or
                                              p.th_scope_missing):
        problem("%s: tables need caption and th scope" % rel)
    for h in p.links:
        u = urllib.parse.urlsplit(h)
        if u.scheme or h.startswith("mailto:"):
            continue
        path = urllib.parse.unquote(u.path)
        if path == "" and u.fragment:
            if u.fragment not in p.ids:
                problem("%s: #%s not found" % (rel, u.fragment))
            continue
        target = path.lstrip("/")
        if target == "" or target.endswith("/"):
            target += "index.html"
        if target not in files:
            problem("%s: link to missing %s" % (rel, h))
    # every content page links its own codes (not the generated ones,
    # nor the views of a page's old revisions)
    if not rel.startswith(("classification/", "sitemap/")) and \
            "/revisions/" not in rel:
        for n, v in p.meta:
            if n in CAT:
                key = {"Category.Theme": "theme", "Category.Cake": "cake",
                       "Category.Service": "service"}[n]
                if "/classification/%s/%s/" % (key, v) not in p.links:
                    problem("%s: does not link its code %s %s" % (rel, key, v))

doc = xml.dom.minidom.parse(os.path.join(out, "sitemap.xml"))
locs = [e.firstChild.data for e in doc.getElementsByTagName("loc")]
mods = doc.getElementsByTagName("lastmod")
current = [p for p in pages if "/revisions/" not in p]
if len(locs) < len(current):
    problem("sitemap.xml has %d URLs for %d pages" % (len(locs), len(current)))
if locs != sorted(locs):
    problem("sitemap.xml is not sorted")
if len(mods) != len(locs):
    problem("sitemap.xml: a URL without lastmod")
for p in problems[:30]:
    print("  " + p)
print(len(problems))
EOF
n=$(python3 "$tmp/check.py" "$tmp/demo" | tee "$tmp/check.out" | tail -1)
[ "$n" = 0 ] || head -30 "$tmp/check.out"
check "every page: 16 DC names, Category.* and Keywords, one h1, header links, access keys U C Z S, no broken links" '[ "$n" = 0 ]'
check "a page links each of its codes" 'grep -q "href=\"/classification/theme/610/\">主題分類：司法與檢察（示例）</a>" "$tmp/demo/faq/case-progress/index.html"'
check "a quarterly report carries its coverage" \
	'grep -q "<meta name=\"DC.coverage.t.min\" content=\"2015-01-01\">" "$tmp/demo/reports/results-104-q1/index.html" && grep -q "<meta name=\"DC.coverage.t.max\" content=\"2015-03-31\">" "$tmp/demo/reports/results-104-q1/index.html"'
check "網站導覽 explains Alt+U, Alt+C, Alt+Z and Alt+S" \
	'for k in U C Z S; do grep -q "Alt+$k：" "$tmp/demo/sitemap/index.html" || exit 1; done'
check "the footer shows the site update date and the policy pages" \
	'grep -q "網站更新日期" "$tmp/demo/index.html" && grep -q "政府網站資料開放宣告" "$tmp/demo/index.html"'

# 4. A missing classification is a warning, an error under --strict.
cp -r tests/golden/basic/site "$tmp/basic"
(cd "$tmp/basic" && "$G" check 2>"$tmp/w.err"); rc=$?
check "missing classification: warning, exit 0" \
	'[ $rc -eq 0 ] && grep -q "warning: .*(missing classification" "$tmp/w.err"'
(cd "$tmp/basic" && "$G" check --strict 2>"$tmp/s.err"); rc=$?
check "missing classification under --strict: error, exit 1" \
	'[ $rc -eq 1 ] && grep -q "error: .*(missing classification" "$tmp/s.err"'

# 5. A robots.txt in content/ replaces the generated one.
mkdir -p "$tmp/basic/content"
printf 'User-agent: *\nDisallow: /private/\n' >"$tmp/basic/content/robots.txt"
"$G" build --site "$tmp/basic" --out "$tmp/basic-out" -q 2>/dev/null
check "content/robots.txt replaces the generated one" \
	'cmp -s "$tmp/basic/content/robots.txt" "$tmp/basic-out/robots.txt"'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
