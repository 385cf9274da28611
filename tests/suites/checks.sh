#!/bin/sh
# The checks of every built page (issue 5): libtidy and our accessibility
# rules. Unit tests cover each rule (tests/unit/test_check.c) and the golden
# case tests/golden/a11y-violations the report of a whole site; this suite
# covers what lies around them: the generated Freego table, the demo site
# and the default theme passing, `gongkai check`, --no-check and --strict.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
ROOT=$PWD
export TZ=UTC LC_ALL=C.UTF-8
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

ok()   { pass=$((pass + 1)); echo "ok $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# What a check reports: a Freego code, libtidy or a 導盲磚 rule.
findings() { grep -E '\[HM[0-9]{7}C\]|\(tidy\)|導盲磚|連結文字' "$1"; }

# 1. The C table is generated from data/freego_checks.tsv, and no code is
#    written into the sources by hand.
if command -v python3 >/dev/null; then
	python3 generator/freego_checks.py data/freego_checks.tsv >"$tmp/fg.h"
	check "generator/freego_checks.h is current" 'cmp -s "$tmp/fg.h" generator/freego_checks.h'
fi
check "no Freego code spelled out in generator/*.c" '! grep -n "\"HM[0-9]" generator/*.c'

# 2. The demo site and the default theme pass every check.
"$G" check --site "$ROOT" 2>"$tmp/demo.err"
rc=$?
check "demo site: gongkai check exits 0" '[ $rc -eq 0 ]'
check "demo site: no check errors" '! findings "$tmp/demo.err" | grep -q "error:"'
findings "$tmp/demo.err" | grep "warning:" | sed 's/^/  demo: /'
for s in tests/golden/*/site; do
	[ -f "$(dirname "$s")/expected.status" ] && continue
	"$G" check --site "$s" 2>"$tmp/g.err"
	check "default theme: $(basename "$(dirname "$s")") has no findings" '! findings "$tmp/g.err" >/dev/null'
done

# 3. gongkai check reports what gongkai build reports.
fx=tests/golden/a11y-violations/site
(cd "$fx" && "$G" check) 2>"$tmp/check.err"
rc=$?
grep -v '^gongkai: ' "$tmp/check.err" >"$tmp/check.diag"
check "fixture: gongkai check exits 1" '[ $rc -eq 1 ]'
check "fixture: gongkai check reports as build does" 'cmp -s "$tmp/check.diag" tests/golden/a11y-violations/expected.stderr'

# libtidy runs in worker processes with -j > 1 and in this process with
# -j 1 (check.h): the report is the same.
for j in 1 2 5; do
	(cd "$fx" && "$G" check -j $j) 2>"$tmp/j$j.err"
	grep -v '^gongkai: ' "$tmp/j$j.err" >"$tmp/j$j.diag"
done
check "fixture: tidy reports present" 'grep -q "(tidy)" "$tmp/j1.diag"'
check "fixture: -j 2 (tidy workers) reports as -j 1" 'cmp -s "$tmp/j1.diag" "$tmp/j2.diag"'
check "fixture: -j 5 (tidy workers) reports as -j 1" 'cmp -s "$tmp/j1.diag" "$tmp/j5.diag"'

# Every rule of check.c has its deliberate violation in the fixture.
exp=tests/golden/a11y-violations/expected.stderr
for code in $(grep -o 'FREEGO_HM[0-9]\{7\}C' generator/check.c | sort -u); do
	code=${code#FREEGO_}
	check "fixture: $code reported" 'grep -q "^content/.*\[$code\]\|^layouts/.*\[$code\]" "$exp"'
done
check "fixture: skip link reported" 'grep -q "error: 導盲磚：第一個可聚焦" "$exp"'
check "fixture: missing guide tile reported" 'grep -q "error: 導盲磚：缺少" "$exp"'
check "fixture: vague link text reported" 'grep -q "^content/guide/links.md:.*warning: 連結文字「請點此」" "$exp"'
check "fixture: a tidy error reported at its Markdown line" 'grep -q "^content/guide/tidy.md:10:32: error: HTML 檢查 (tidy)" "$exp"'

# 4. --no-check skips both checkers.
(cd "$fx" && "$G" build --no-check --out "$tmp/nocheck") 2>"$tmp/nocheck.err"
rc=$?
check "--no-check builds the fixture (exit 0)" '[ $rc -eq 0 ] && [ -f "$tmp/nocheck/index.html" ]'
check "--no-check reports nothing" '! findings "$tmp/nocheck.err" >/dev/null'

# 5. --strict turns warnings into errors.
# a site whose only warning is the link text
mkdir -p "$tmp/warn/content"
cp -r tests/golden/a11y-violations/site/classification "$tmp/warn/"
cat >"$tmp/warn/site.yaml" <<'EOF'
title: 測試網站
base_url: https://test.gongkai.example/
agency:
  name: 測試地方檢察署
  code: TEST000001
history:
  enabled: false
EOF
printf -- '---\ntitle: 首頁\ndate: 2015-01-05\ntheme: ["770"]\ncake: ["C21"]\nservice: ["I00"]\n---\n%s\n' \
    '申請書請見[請點此](https://test.gongkai.example/form.pdf)。' >"$tmp/warn/content/_index.md"
"$G" build --site "$tmp/warn" --out "$tmp/warn-out" 2>"$tmp/warn.err"
rc=$?
check "a warning alone: exit 0" '[ $rc -eq 0 ]'
check "a warning alone: the only diagnostic" '[ "$(grep -c ": warning: " "$tmp/warn.err")" = 1 ]'
check "a warning alone: printed as a warning" 'grep -q "_index.md:[0-9]*:[0-9]*: warning: 連結文字「請點此」" "$tmp/warn.err"'
"$G" build --site "$tmp/warn" --out "$tmp/warn-out2" --strict 2>"$tmp/strict.err"
rc=$?
check "--strict: the warning fails the build (exit 1)" '[ $rc -eq 1 ] && [ ! -e "$tmp/warn-out2" ]'
check "--strict: printed as an error" 'grep -q "_index.md:[0-9]*:[0-9]*: error: 連結文字「請點此」" "$tmp/strict.err"'
check "--strict: no warnings left" '! grep -q "warning:" "$tmp/strict.err"'

# 6. A rebuild with a check cache renders without source maps and makes
#    them again for the pages it checks: a finding is placed at the same
#    Markdown line and column as in the first build.
for k in 1 2 3; do
	printf -- '---\ntitle: 頁面 %s\ndate: 2015-01-05\ntheme: ["770"]\ncake: ["C21"]\nservice: ["I00"]\n---\n內容 %s。\n' "$k" "$k" >"$tmp/warn/content/p$k.md"
done
"$G" build --site "$tmp/warn" --out "$tmp/warn-out3" 2>"$tmp/cache1.err"
printf '\n更多內容。\n' >>"$tmp/warn/content/p1.md"
"$G" build --site "$tmp/warn" --out "$tmp/warn-out3" 2>"$tmp/cache2.err"
check "rebuild with a check cache: the cache knows the clean pages" 'grep -q " p2/index.html$" "$tmp/warn/.gongkai/check.cache"'
check "rebuild with a check cache: the finding is at the same Markdown place" \
	'grep "_index.md:[0-9]*:[0-9]*: warning: 連結文字" "$tmp/cache1.err" >"$tmp/w1" && [ -s "$tmp/w1" ] && grep "_index.md:[0-9]*:[0-9]*: warning: 連結文字" "$tmp/cache2.err" | cmp -s - "$tmp/w1"'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
