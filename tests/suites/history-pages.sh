#!/bin/sh
# Revision history on pages (issue 3): 最後更新日期 from git, 修訂紀錄,
# published revisions with comparisons, 尚未提交, renames, time zones.
# Builds a site inside a fresh git repository with fixed dates.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok()   { pass=$((pass + 1)); echo "ok $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
repo=$tmp/repo
mkdir -p "$repo/site/content/plans" "$repo/site/content/faq"
cd "$repo" || exit 2
git init -q -b main .
commit() { # date(UTC) author message
	GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" \
	GIT_AUTHOR_NAME="$2" GIT_AUTHOR_EMAIL=a@example.invalid \
	GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@example.invalid \
	git -c core.autocrlf=false commit -q -m "$3"
}
cat >site/site.yaml <<'YAML'
title: 歷史測試
base_url: https://h.example/
timezone: Asia/Taipei
agency:
  name: 測試署
  code: A11000000F
history:
  follow_renames: true
YAML
plan() { # version text
	printf -- '---\ntitle: 執行計畫\ndate: 2015-01-05\ntheme: ["610"]\ncake: ["812"]\nservice: ["I00"]\n---\n%s\n\n不變的段落。\n' "$1" >site/content/plans/a.md
}
mkdir -p site/classification
printf '610\t司法\t\n' >site/classification/theme.tsv
printf '812\t法務\t\n' >site/classification/cake.tsv
plan "服務時間為上午八點。"
git add -A && commit "2015-01-05T02:00:00Z" "王小明" "初版"
i=1
for t in 八點半 九點 九點半 十點 十點半 十一點; do
	plan "服務時間為上午$t。"
	git add -A && commit "2015-0$((i + 1))-0${i}T20:00:00Z" "李大華" "修訂服務時間 $i"
	i=$((i + 1))
done
printf -- '---\ntitle: 問答\ndate: 2015-01-01\nlastmod: 2015-12-31\ntheme: ["610"]\ncake: ["812"]\nservice: ["I00"]\n---\n問答內容。\n' >site/content/faq/q.md
git add -A && commit "2015-08-01T00:00:00Z" "陳" "新增問答"
# a renamed file (history should follow it)
printf -- '---\ntitle: 舊名\ndate: 2015-01-01\ntheme: ["610"]\ncake: ["812"]\nservice: ["I00"]\n---\n內容。\n' >site/content/faq/old.md
git add -A && commit "2015-09-01T00:00:00Z" "陳" "新增舊名"
git mv site/content/faq/old.md site/content/faq/new.md
commit "2015-09-02T00:00:00Z" "陳" "改名"
cd - >/dev/null || exit 2

"$G" build --site "$repo/site" --out "$tmp/out" 2>"$tmp/err"
rc=$?
check "site in a repository builds" '[ $rc -eq 0 ]'
cat "$tmp/err" | grep -v '^gongkai:' | head -5
a=$tmp/out/plans/a/index.html
# newest commit 2015-07-06T20:00Z is 2015-07-07 in Taipei (+08:00)
check "最後更新日期 is the newest commit's author date in Asia/Taipei" \
	'grep -q "最後更新日期：<time datetime=\"2015-07-07\">104-07-07</time>" "$a"'
check "front matter lastmod overrides git" \
	'grep -q "最後更新日期：<time datetime=\"2015-12-31\">104-12-31</time>" "$tmp/out/faq/q/index.html"'
check "修訂紀錄 lists every commit, newest first" \
	'[ "$(grep -c "<li><time datetime=\"2015-" "$a")" -eq 7 ] && grep -o "修訂服務時間 [0-9]\\|初版" "$a" | tr "\n" " " | grep -q "^修訂服務時間 6 修訂服務時間 5 .*初版 $"'
check "entries beyond the fifth are collapsed in <details>" \
	'sed -n "/<details>/,/<\/details>/p" "$a" | grep -c "<li>" | grep -q "^2$"'
check "author and subject shown" 'grep -q "李大華" "$a" && grep -q "修訂服務時間 6" "$a"'
n=$(find "$tmp/out/plans/a/revisions" -name index.html | wc -l)
check "every revision of a plan is published ($n)" '[ "$n" -eq 7 ]'
check "FAQ revisions are not published (not in history.publish)" '[ ! -d "$tmp/out/faq/q/revisions" ]'
newest=$(cd "$repo" && git log -1 --format=%h --abbrev=7 -- site/content/plans/a.md)
rp=$tmp/out/plans/a/revisions/$newest/index.html
check "a revision page shows that revision's text" 'grep -q "服務時間為上午十一點。" "$rp"'
check "the comparison marks the change character by character" \
	'grep -q "上午十<ins><span class=\"visually-hidden\">新增：</span>一<span class=\"visually-hidden\">（新增結束）</span></ins>點<del><span class=\"visually-hidden\">刪除：</span>半<span class=\"visually-hidden\">（刪除結束）</span></del>。" "$rp"'
first=$(cd "$repo" && git log --reverse --format=%h --abbrev=7 -- site/content/plans/a.md | head -1)
check "the first revision says it is the first" 'grep -q "這是本頁的第一個版本" "$tmp/out/plans/a/revisions/$first/index.html"'
check "an old revision links to the current page" 'grep -q "舊版本" "$tmp/out/plans/a/revisions/$first/index.html"'
check "sitemap.xml lastmod uses the git date" \
	'grep -A1 "<loc>https://h.example/plans/a/</loc>" "$tmp/out/sitemap.xml" | grep -q "2015-07-07"'
check "history follows a rename when follow_renames is on" \
	'grep -q "新增舊名" "$tmp/out/faq/new/index.html"'

# time zone: the machine's TZ never matters; the site's does
TZ=America/New_York "$G" build --site "$repo/site" --out "$tmp/out2" -q 2>/dev/null
check "output does not depend on the machine's TZ" 'diff -r "$tmp/out" "$tmp/out2" >/dev/null'
sed -i 's|timezone: Asia/Taipei|timezone: UTC|' "$repo/site/site.yaml"
"$G" build --site "$repo/site" --out "$tmp/out3" -q 2>/dev/null
check "site.yaml timezone decides the displayed date" \
	'grep -q "最後更新日期：<time datetime=\"2015-07-06\">" "$tmp/out3/plans/a/index.html"'
sed -i 's|timezone: UTC|timezone: Asia/Taipei|' "$repo/site/site.yaml"

# uncommitted changes: 尚未提交, and an error under --strict
printf '\n新增一段。\n' >>"$repo/site/content/plans/a.md"
"$G" build --site "$repo/site" --out "$tmp/out4" 2>"$tmp/err4"
rc=$?
check "uncommitted page is marked 尚未提交" '[ $rc -eq 0 ] && grep -q "尚未提交" "$tmp/out4/plans/a/index.html"'
"$G" build --site "$repo/site" --out "$tmp/out5" --strict 2>"$tmp/err5"
rc=$?
check "uncommitted page is an error under --strict" '[ $rc -eq 1 ] && grep -q "plans/a.md:1:1: error: .*尚未提交" "$tmp/err5"'
(cd "$repo" && git checkout -q -- site/content/plans/a.md)

# a work tree copied with its metadata's new inodes (cp -a, rsync, a CI
# cache): every file differs from what the index recorded, and libgit2
# hashes them all to know. The build refreshes the index of the content
# folder (the only one it asks about), as git status does, so the next
# build does not; an edit is still uncommitted. With
# another git holding the index's lock, the build reads the status
# without writing, and leaves the lock alone.
cp -a "$repo" "$tmp/copied"
stale=$(cd "$tmp/copied" && git diff-files --name-only -- site/content | wc -l)
"$G" build --site "$tmp/copied/site" --out "$tmp/outc" -q 2>"$tmp/errc"
rc=$?
check "a copied work tree: its index is refreshed by the build ($stale stale)" \
	'[ $rc -eq 0 ] && [ "$stale" -gt 0 ] && [ -z "$(cd "$tmp/copied" && git diff-files --name-only -- site/content)" ] && diff -r "$tmp/out" "$tmp/outc" >/dev/null'
printf '\n新增一段。\n' >>"$tmp/copied/site/content/plans/a.md"
"$G" build --site "$tmp/copied/site" --out "$tmp/outc2" -q 2>/dev/null
check "... and an edit after it is still 尚未提交" \
	'grep -q "尚未提交" "$tmp/outc2/plans/a/index.html"'
rm -rf "$tmp/copied"
cp -a "$repo" "$tmp/copied"
: >"$tmp/copied/.git/index.lock"
"$G" build --site "$tmp/copied/site" --out "$tmp/outc3" -q 2>"$tmp/errc3"
rc=$?
check "a locked index: the build reads the status without writing it" \
	'[ $rc -eq 0 ] && [ -f "$tmp/copied/.git/index.lock" ] && [ -n "$(cd "$tmp/copied" && git diff-files --name-only -- site/content)" ] && diff -r "$tmp/out" "$tmp/outc3" >/dev/null'
rm -rf "$tmp/copied"

# cache: the second build reads .gongkai/, and is still identical
"$G" build --site "$repo/site" --out "$tmp/out6" -q 2>/dev/null
check "the history cache lives in SITE/.gongkai and is ignored by git" \
	'[ -f "$repo/site/.gongkai/history.cache" ] && [ -z "$(cd "$repo" && git status --porcelain)" ]'
check "a cached build gives the same site" 'diff -r "$tmp/out" "$tmp/out6" >/dev/null'
# the old texts of published revisions are kept too: git is not read again
rc_file=$repo/site/.gongkai/revisions.cache
check "the revisions' old texts are kept in SITE/.gongkai" \
	'[ -s "$rc_file" ] && grep -q "^gongkai-revisions-cache 1 [0-9a-f]\{16\}$" "$rc_file" && grep -aq "服務時間為上午八點半" "$rc_file"'
cp "$rc_file" "$tmp/rc.bak"
sed -i 's/服務時間為上午八點半/服務時間為上午九點整/' "$rc_file"
"$G" build --site "$repo/site" --out "$tmp/out6b" -q 2>/dev/null
check "a damaged revisions cache is not read (the revisions come from git)" \
	'diff -r "$tmp/out" "$tmp/out6b" >/dev/null && ! grep -aq "九點整" "$rc_file"'
printf 'gongkai-revisions-cache 1 0123' >"$rc_file"
"$G" build --site "$repo/site" --out "$tmp/out6c" -q 2>/dev/null
check "a truncated revisions cache is not read" 'diff -r "$tmp/out" "$tmp/out6c" >/dev/null'

# a rebuild after a commit renders the pages it touched (and their
# published revisions) and keeps the rest: the same site as a cold build
cp -r "$repo" "$tmp/repo2"
"$G" build --site "$tmp/repo2/site" --out "$tmp/inc" -q 2>/dev/null
(cd "$tmp/repo2" && plan "服務時間為上午十一點半。" && git add -A &&
	commit "2015-09-03T00:00:00Z" "李大華" "修訂服務時間 7")
"$G" build --site "$tmp/repo2/site" --out "$tmp/inc" --verbose 2>"$tmp/inc.err"
mv "$tmp/repo2/site/.gongkai" "$tmp/inc-state"
"$G" build --site "$tmp/repo2/site" --out "$tmp/inc-cold" -q 2>/dev/null
check "after a commit the pages it touched are rendered, the others kept" \
	'grep -q "([1-9][0-9]* pages kept from the last build" "$tmp/inc.err" && grep -rq "十一點半" "$tmp/inc/plans/a/revisions"'
check "... and the site equals a cold build" 'diff -r "$tmp/inc" "$tmp/inc-cold" >/dev/null'

# An old revision is checked for its frame only: what the revision
# templates' own text wrote is reported, the old content never is.
cd "$repo" || exit 2
printf -- '---\ntitle: 第二計畫\ndate: 2015-01-05\ntheme: ["610"]\ncake: ["812"]\nservice: ["I00"]\n---\n![](/x.png)\n\n申請書[請點此](https://h.example/f.pdf)。\n' >site/content/plans/b.md
git add -A && commit "2015-10-01T00:00:00Z" "陳" "第二計畫初版"
printf -- '---\ntitle: 第二計畫\ndate: 2015-01-05\ntheme: ["610"]\ncake: ["812"]\nservice: ["I00"]\n---\n![申請流程圖](/x.png)\n\n[申請書](https://h.example/f.pdf)。\n' >site/content/plans/b.md
git add -A && commit "2015-10-02T00:00:00Z" "陳" "第二計畫修正"
cd - >/dev/null || exit 2
"$G" check --site "$repo/site" 2>"$tmp/err-old"
rc=$?
check "problems of old content are not today's findings" \
	'[ $rc -eq 0 ] && ! grep -q "請點此\|plans/b.md:" "$tmp/err-old"'
mkdir -p "$repo/site/themes"
cp -r themes/default "$repo/site/themes/default"
sed -i 's|{{{page.content}}}|{{{page.content}}}<img src="/frame.png">|' "$repo/site/themes/default/layouts/revision.mustache"
"$G" check --site "$repo/site" 2>"$tmp/err-frame"
rc=$?
check "a revision template's own problem is still found, at its line" \
	'[ $rc -eq 1 ] && grep -q "themes/default/layouts/revision.mustache:[0-9]*:[0-9]*: error: .*alt" "$tmp/err-frame"'
check "... and only there" '! grep -v "revision.mustache\|^gongkai:" "$tmp/err-frame" | grep -q "error:"'
rm -rf "$repo/site/themes"

# history.enabled: false
printf 'history:\n  enabled: false\n' >"$tmp/hist.yaml"
sed -i '/^history:/,$d' "$repo/site/site.yaml"; cat "$tmp/hist.yaml" >>"$repo/site/site.yaml"
"$G" build --site "$repo/site" --out "$tmp/out7" -q 2>/dev/null
check "history.enabled: false leaves git alone" \
	'! grep -q "修訂紀錄" "$tmp/out7/plans/a/index.html" && grep -q "最後更新日期：<time datetime=\"2015-01-05\">" "$tmp/out7/plans/a/index.html"'

# no repository at all: one warning, dates from front matter
cp -r "$repo/site" "$tmp/norepo"
sed -i '/^history:/,$d' "$tmp/norepo/site.yaml"
"$G" build --site "$tmp/norepo" --out "$tmp/out8" 2>"$tmp/err8"
rc=$?
check "no repository: builds with one warning" '[ $rc -eq 0 ] && [ "$(grep -c "git" "$tmp/err8")" -eq 1 ]'

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
