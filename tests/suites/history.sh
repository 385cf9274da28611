#!/bin/sh
# `gongkai history` against git itself: path by path, the commits must be
# exactly what `git log --no-merges --no-renames --name-only` lists, on a
# fixture repository with every awkward case, on this repository, and on a
# generated corpus. Then the cache (reuse, incremental walks, damage), a
# shallow clone, no repository, names that are not UTF-8, a site inside a
# subfolder of a larger repository, renames, and the time zone.
#
# Last line: "N passed, N failed". Exit 0 iff nothing failed.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
ROOT=$PWD
pass=0 fail=0 skip=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
TAB=$(printf '\t')

# git's own output must not depend on whoever runs the tests.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
unset GONGKAI_DEBUG GIT_DIR GIT_WORK_TREE 2>/dev/null || true

ok()   { pass=$((pass + 1)); echo "ok $1"; }
bad()  { fail=$((fail + 1)); echo "FAIL $1"; }
skip() { skip=$((skip + 1)); echo "skip $1"; }
check() { if eval "$2"; then ok "$1"; else bad "$1"; fi; }

# git log, one "PATH<TAB>ID" line per (path, commit), grouped by path
# (bytewise) keeping git's newest-first order within a path.
expect_ids() {	# REPO [git log args]
	r=$1; shift
	git -C "$r" -c core.quotepath=false log --no-merges --no-renames \
	    --name-only --format='@%H' "$@" |
	    awk '/^@/ { c = substr($0, 2); next } NF { print $0 "\t" c }' |
	    LC_ALL=C sort -s -t "$TAB" -k1,1
}
# The same with every column gongkai prints.
expect_full() {	# REPO [git log args]
	r=$1; shift
	git -C "$r" -c core.quotepath=false log --no-merges --no-renames \
	    --name-only --date=iso-strict --format='@%H%x09%ad%x09%an%x09%s' "$@" |
	    awk '/^@/ { c = substr($0, 2); next } NF { print $0 "\t" c }' |
	    LC_ALL=C sort -s -t "$TAB" -k1,1
}
ids() { cut -f1,2; }
same() {	# NAME FILE1 FILE2: compare, show the first differences
	if cmp -s "$2" "$3"; then ok "$1"; else
		bad "$1"
		diff "$2" "$3" | head -10
	fi
}

# --- (a) the fixture repository -----------------------------------------
fx=$tmp/fixture
if ! sh tests/fixtures/make-history-repo.sh "$fx" >"$tmp/fx.log" 2>&1; then
	cat "$tmp/fx.log"
	bad "fixture repository builds"
	echo "$pass passed, $fail failed"
	exit 1
fi
sh tests/fixtures/make-history-repo.sh "$tmp/fixture2" >/dev/null 2>&1
check "fixture script is deterministic (same HEAD twice)" \
	'[ "$(git -C "$fx" rev-parse HEAD)" = "$(git -C "$tmp/fixture2" rev-parse HEAD)" ]'

expect_ids "$fx" >"$tmp/fx.exp"
"$G" history --repo "$fx" --no-cache >"$tmp/fx.out" 2>"$tmp/fx.err"
rc=$?
check "fixture: exit 0, nothing on stderr" '[ $rc -eq 0 ] && [ ! -s "$tmp/fx.err" ]'
ids <"$tmp/fx.out" >"$tmp/fx.got"
same "fixture: every path's commits equal git log --no-merges --no-renames" \
	"$tmp/fx.exp" "$tmp/fx.got"
# Every column, except the commit whose author name is raw invalid bytes
# (git prints those bytes as they are; we print U+FFFD).
rawid=$(git -C "$fx" log --format=%H --grep='no encoding header')
expect_full "$fx" | grep -v "$rawid" >"$tmp/fx.fexp"
grep -v "$rawid" "$tmp/fx.out" >"$tmp/fx.fgot"
same "fixture: dates (commit's own offset), names, subjects equal git log" \
	"$tmp/fx.fexp" "$tmp/fx.fgot"
check "fixture: the evil merge's own change is not listed" \
	'! grep -q "^content/merge-only.md" "$tmp/fx.out"'
check "fixture: deleted and re-added path keeps both lives" \
	'[ "$(grep -c "^content/a/b/other.md$TAB" "$tmp/fx.out")" -eq 3 ]'
check "fixture: a file replaced by a folder lists both paths" \
	'grep -q "^docs/x$TAB" "$tmp/fx.out" && grep -q "^docs/x/y.md$TAB" "$tmp/fx.out"'
check "fixture: mode change, symlink and submodule entries are listed" \
	'[ "$(grep -c "^bin/tool.sh$TAB" "$tmp/fx.out")" -eq 2 ] && grep -q "^bin/link$TAB" "$tmp/fx.out" && [ "$(grep -c "^vendor/lib$TAB" "$tmp/fx.out")" -eq 2 ]'
check "fixture: the date keeps the author's offset (-05:00)" \
	'grep -q "^content/faq/apply.md$TAB.*-05:00$TAB.*New York" "$tmp/fx.out"'

# Names that are not UTF-8.
check "non-UTF-8 names: the whole output is valid UTF-8" \
	'iconv -f UTF-8 -t UTF-8 "$tmp/fx.out" >/dev/null 2>&1'
check "non-UTF-8 names: a Big5 commit (encoding header) is converted" \
	'grep -q "^content/faq/big5.md$TAB.*${TAB}王小明${TAB}修訂說明 (Big5 subject)$" "$tmp/fx.out"'
check "non-UTF-8 names: raw invalid bytes become U+FFFD" \
	'grep -q "^content/faq/raw.md$TAB.*${TAB}Bad �� Name$TAB" "$tmp/fx.out"'

# PATH arguments: a file, a folder, "./folder/".
"$G" history --repo "$fx" --no-cache content/faq/apply.md >"$tmp/one.out"
grep "^content/faq/apply.md$TAB" "$tmp/fx.out" >"$tmp/one.exp"
same "PATH: one file" "$tmp/one.exp" "$tmp/one.out"
"$G" history --repo "$fx" --no-cache ./content/a/ >"$tmp/dir.out"
grep "^content/a/" "$tmp/fx.out" >"$tmp/dir.exp"
same "PATH: a folder lists everything under it" "$tmp/dir.exp" "$tmp/dir.out"
"$G" history --repo "$fx" --no-cache content/no-such-file >"$tmp/none.out"
rc=$?
check "PATH: an unknown path prints nothing and exits 0" '[ $rc -eq 0 ] && [ ! -s "$tmp/none.out" ]'

# Threads do not change the result.
"$G" history --repo "$fx" --no-cache -j 1 >"$tmp/j1.out"
"$G" history --repo "$fx" --no-cache -j 4 >"$tmp/j4.out"
check "same output with 1 and 4 threads" 'cmp -s "$tmp/j1.out" "$tmp/j4.out" && cmp -s "$tmp/j1.out" "$tmp/fx.out"'

# The time zone of the machine does not matter.
TZ=America/New_York LC_ALL=C "$G" history --repo "$fx" --no-cache >"$tmp/ny.out"
TZ=Asia/Kolkata "$G" history --repo "$fx" --no-cache >"$tmp/in.out"
check "same output under TZ=America/New_York and Asia/Kolkata" \
	'cmp -s "$tmp/ny.out" "$tmp/fx.out" && cmp -s "$tmp/in.out" "$tmp/fx.out"'

# Renames.
"$G" history --repo "$fx" --no-cache content/archive/new-name.md >"$tmp/nofollow.out"
"$G" history --repo "$fx" --no-cache --follow content/archive/new-name.md >"$tmp/follow.out"
check "renames off: history starts at the move" \
	'[ "$(wc -l <"$tmp/nofollow.out")" -eq 2 ]'
git -C "$fx" log --no-merges --follow --format=%H -- content/archive/new-name.md >"$tmp/follow.exp"
cut -f2 "$tmp/follow.out" >"$tmp/follow.got"
same "renames on: follows two exact renames, equal to git log --follow" \
	"$tmp/follow.exp" "$tmp/follow.got"
"$G" history --repo "$fx" --no-cache --follow content/faq/fees-2015.md >"$tmp/edit.out"
check "renames on: a rename with an edit is not followed (exact only)" \
	'[ "$(wc -l <"$tmp/edit.out")" -eq 1 ]'
"$G" history --repo "$fx" --no-cache --follow content/faq/apply.md >"$tmp/f2.out"
check "renames on: paths without renames are unchanged" \
	'grep "^content/faq/apply.md$TAB" "$tmp/fx.out" | cmp -s - "$tmp/f2.out"'

# --- (b) this repository ----------------------------------------------------
if top=$(git -C "$ROOT" rev-parse --show-toplevel 2>/dev/null); then
	# Others may commit while we compare: retry if HEAD moves.
	for try in 1 2 3; do
		h1=$(git -C "$top" rev-parse HEAD)
		expect_ids "$top" >"$tmp/self.exp"
		"$G" history --repo "$top" --cache "$tmp/selfcache" 2>"$tmp/self.err" |
			ids >"$tmp/self.got"
		h2=$(git -C "$top" rev-parse HEAD)
		[ "$h1" = "$h2" ] && break
	done
	same "this repository: equals git log, path by path" "$tmp/self.exp" "$tmp/self.got"
	"$G" history --repo "$top/generator" --cache "$tmp/selfcache" generator/history.c |
		ids >"$tmp/selfsub.got"
	grep "^generator/history.c$TAB" "$tmp/self.got" >"$tmp/selfsub.exp"
	same "this repository: found from a subfolder, paths from the root" \
		"$tmp/selfsub.exp" "$tmp/selfsub.got"
else
	skip "this repository is not a git checkout"
fi

# --- (c) a generated corpus ---------------------------------------------------
if python3 "$ROOT/bench/gen_corpus.py" "$tmp/corpus" --pages 300 --commits 200 \
    >/dev/null 2>"$tmp/corpus.err"; then
	expect_full "$tmp/corpus" >"$tmp/c.exp"
	"$G" history --repo "$tmp/corpus" --no-cache >"$tmp/c.out"
	same "corpus (300 pages, 200 commits): every column equals git log" \
		"$tmp/c.exp" "$tmp/c.out"
	"$G" history --repo "$tmp/corpus" --no-cache -j 1 >"$tmp/c1.out"
	"$G" history --repo "$tmp/corpus" --no-cache -j 3 >"$tmp/c3.out"
	check "corpus: same output with 1, 2 (default) and 3 threads" \
		'cmp -s "$tmp/c1.out" "$tmp/c.out" && cmp -s "$tmp/c3.out" "$tmp/c.out"'
	# a tree cache of a few KB: evicted on nearly every commit, in
	# several passes (a second pass once freed trees twice)
	GONGKAI_HISTORY_CACHE_BYTES=4096 "$G" history --repo "$tmp/corpus" --no-cache -j 2 >"$tmp/csmall.out"
	check "corpus: same output with a tree cache that is always evicting" \
		'cmp -s "$tmp/csmall.out" "$tmp/c.out"'
	"$G" history --repo "$tmp/corpus" --no-cache --count >"$tmp/c.count"
	check "--count prints one summary line" \
		'grep -qx "[0-9]* paths, 200 commits, $(wc -l <"$tmp/c.out") lines" "$tmp/c.count"'
else
	cat "$tmp/corpus.err"
	bad "gen_corpus.py runs"
fi

# --- the cache ------------------------------------------------------------------
git clone -q "$fx" "$tmp/work" 2>/dev/null
w=$tmp/work
run_dbg() {	# run with the cache in $w, stats to $tmp/dbg
	GONGKAI_DEBUG=history "$G" history --repo "$w" "$@" 2>"$tmp/dbg"
}
run_dbg >"$tmp/w1.out"
check "cache: first run walks everything" 'grep -q "full walk: 97 commits walked" "$tmp/dbg"'
check "cache: written under .gongkai/, which ignores itself" \
	'[ -f "$w/.gongkai/history.cache" ] && [ -z "$(git -C "$w" status --porcelain)" ]'
run_dbg >"$tmp/w2.out"
check "cache: second run walks nothing" 'grep -q "cache hit: 0 commits walked" "$tmp/dbg"'
check "cache: same output from the cache" 'cmp -s "$tmp/w1.out" "$tmp/w2.out" && cmp -s "$tmp/w1.out" "$tmp/fx.out"'
(
	cd "$w" || exit 1
	export GIT_AUTHOR_NAME=新人 GIT_AUTHOR_EMAIL=new@example.gov.tw
	export GIT_COMMITTER_NAME=CI GIT_COMMITTER_EMAIL=ci@example.gov.tw
	for i in 1 2 3; do
		printf 'new %s\n' $i >"content/new-$i.md"
		echo "apply $i" >content/faq/apply.md
		git add -A content
		GIT_AUTHOR_DATE="$((1500000000 + i)) +0800" \
		GIT_COMMITTER_DATE="$((1500000000 + i)) +0800" \
			git commit -q -m "appended $i"
	done
)
run_dbg >"$tmp/w3.out"
check "cache: after 3 new commits only those 3 are walked" \
	'grep -q "incremental walk: 3 commits walked, 100 commits" "$tmp/dbg"'
expect_ids "$w" >"$tmp/w3.exp"
ids <"$tmp/w3.out" >"$tmp/w3.got"
same "cache: the incremental result equals git log" "$tmp/w3.exp" "$tmp/w3.got"
"$G" history --repo "$w" --no-cache >"$tmp/w3.full"
check "cache: incremental output equals a full walk" 'cmp -s "$tmp/w3.out" "$tmp/w3.full"'
# Rewritten history: the cached HEAD is no longer an ancestor.
(
	cd "$w" || exit 1
	git reset -q --hard HEAD~2
	echo amended >content/faq/apply.md
	git add content/faq/apply.md
	GIT_AUTHOR_DATE="1500000100 +0800" GIT_COMMITTER_DATE="1500000100 +0800" \
		GIT_AUTHOR_NAME=x GIT_AUTHOR_EMAIL=x@x GIT_COMMITTER_NAME=x \
		GIT_COMMITTER_EMAIL=x@x git commit -q --amend -m amended
)
run_dbg >"$tmp/w4.out"
expect_ids "$w" >"$tmp/w4.exp"
ids <"$tmp/w4.out" >"$tmp/w4.got"
same "cache: after an amend (rewritten HEAD) the result equals git log" "$tmp/w4.exp" "$tmp/w4.got"
check "cache: the rewritten commits are dropped" \
	'grep -q "1 commits walked, 98 commits" "$tmp/dbg" && ! grep -q "appended" "$tmp/w4.out"'

# A damaged cache: discarded with a warning, never trusted.
cache=$w/.gongkai/history.cache
"$G" history --repo "$w" --no-cache >"$tmp/good.out"
damage() {	# NAME COMMAND: damage the cache, expect a warning and the truth
	"$G" history --repo "$w" >/dev/null 2>&1	# a fresh, good cache
	eval "$2"
	GONGKAI_DEBUG=history "$G" history --repo "$w" >"$tmp/dmg.out" 2>"$tmp/dmg.err"
	rc=$?
	check "damaged cache ($1): exit 0, one warning, full walk" \
		'[ $rc -eq 0 ] && [ "$(grep -c "warning: .*damaged history cache" "$tmp/dmg.err")" -eq 1 ] && grep -q "full walk" "$tmp/dmg.err"'
	check "damaged cache ($1): correct result" 'cmp -s "$tmp/dmg.out" "$tmp/good.out"'
}
damage "one byte flipped" \
	'printf "\377" | dd of="$cache" bs=1 seek=200 conv=notrunc 2>/dev/null'
damage "truncated" \
	'head -c 300 "$cache" >"$cache.t" && mv "$cache.t" "$cache"'
damage "bad magic" \
	'printf "XXXXXXXX" | dd of="$cache" bs=1 seek=0 conv=notrunc 2>/dev/null'
damage "empty file" ': >"$cache"'
"$G" history --repo "$w" >/dev/null 2>&1
"$G" history --repo "$w" >"$tmp/after.out" 2>"$tmp/after.err"
check "damaged cache: rewritten, then trusted again without warnings" \
	'[ ! -s "$tmp/after.err" ] && cmp -s "$tmp/after.out" "$tmp/good.out"'
check "cache: no temporary files left" '[ -z "$(ls -A "$w/.gongkai" | grep -v -e "^history.cache$" -e "^.gitignore$")" ]'

# --- a shallow clone ---------------------------------------------------------------
git clone -q --depth 1 "file://$fx" "$tmp/shallow" 2>/dev/null
"$G" history --repo "$tmp/shallow" --no-cache >"$tmp/sh.out" 2>"$tmp/sh.err"
rc=$?
check "shallow clone: exit 0 and one warning naming fetch-depth: 0" \
	'[ $rc -eq 0 ] && [ "$(grep -c "warning: .*fetch-depth: 0" "$tmp/sh.err")" -eq 1 ] && [ "$(wc -l <"$tmp/sh.err")" -eq 1 ]'
expect_ids "$tmp/shallow" >"$tmp/sh.exp"
ids <"$tmp/sh.out" >"$tmp/sh.got"
same "shallow clone: the boundary commit lists its whole tree, like git log" \
	"$tmp/sh.exp" "$tmp/sh.got"
"$G" history --repo "$tmp/shallow" --no-cache --strict >/dev/null 2>"$tmp/sh2.err"
rc=$?
check "shallow clone under --strict: an error, exit 1" \
	'[ $rc -eq 1 ] && grep -q "error: .*fetch-depth: 0" "$tmp/sh2.err"'
git clone -q --depth 5 "file://$fx" "$tmp/shallow5" 2>/dev/null
expect_ids "$tmp/shallow5" >"$tmp/sh5.exp"
"$G" history --repo "$tmp/shallow5" 2>/dev/null | ids >"$tmp/sh5.got"
same "shallow clone of depth 5 equals git log" "$tmp/sh5.exp" "$tmp/sh5.got"
git -C "$tmp/shallow5" fetch -q --unshallow 2>/dev/null
expect_ids "$tmp/shallow5" >"$tmp/unsh.exp"
"$G" history --repo "$tmp/shallow5" 2>"$tmp/unsh.err" | ids >"$tmp/unsh.got"
same "unshallowed later: the cache is not trusted, full history" "$tmp/unsh.exp" "$tmp/unsh.got"

# --- no repository ---------------------------------------------------------------------
mkdir -p "$tmp/norepo/content"
"$G" history --repo "$tmp/norepo/content" >"$tmp/nr.out" 2>"$tmp/nr.err"
rc=$?
check "no repository: gongkai history exits 2 with one message" \
	'[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/nr.err")" -eq 1 ] && grep -q "not a git repository" "$tmp/nr.err" && [ ! -s "$tmp/nr.out" ]'

# --- content/ in a subfolder of a larger repository ----------------------------------
big=$tmp/big
mkdir -p "$big/tools" "$big/agency/site/content/faq"
(
	cd "$big" || exit 1
	export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@a GIT_COMMITTER_NAME=A GIT_COMMITTER_EMAIL=a@a
	git init -q -b main .
	echo tool >tools/t.sh
	echo q >agency/site/content/faq/q.md
	echo 'title: x' >agency/site/site.yaml
	git add -A
	GIT_AUTHOR_DATE="1420070400 +0800" GIT_COMMITTER_DATE="1420070400 +0800" git commit -q -m one
	echo q2 >agency/site/content/faq/q.md
	echo tool2 >tools/t.sh
	git add -A
	GIT_AUTHOR_DATE="1420074000 +0800" GIT_COMMITTER_DATE="1420074000 +0800" git commit -q -m two
)
"$G" history --repo "$big/agency/site/content" --no-cache agency/site/content >"$tmp/big.out"
expect_ids "$big" | grep "^agency/site/content/" >"$tmp/big.exp"
ids <"$tmp/big.out" >"$tmp/big.got"
same "site in a subfolder: paths relative to the repository root" "$tmp/big.exp" "$tmp/big.got"
check "site in a subfolder: two commits for the page" '[ "$(wc -l <"$tmp/big.out")" -eq 2 ]'

# --- usage ------------------------------------------------------------------------------
"$G" history --bogus >/dev/null 2>&1; r1=$?
"$G" history --repo >/dev/null 2>&1; r2=$?
"$G" history --help >/dev/null 2>&1; r3=$?
check "usage errors exit 2, --help exits 0" '[ $r1 -eq 2 ] && [ $r2 -eq 2 ] && [ $r3 -eq 0 ]'

if [ $skip -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ $fail -eq 0 ]
