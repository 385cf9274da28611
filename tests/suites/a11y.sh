#!/bin/sh
# Proof by real checkers: the demo site is built with $GONGKAI and every
# page goes through
#   - axe-core (tags wcag2a wcag2aa wcag21a wcag21aa best-practice) in
#     Debian's headless Chromium, at 1280 and 320 px: 0 violations;
#   - a reflow check at 320 px (no horizontal scrolling, at every 字級);
#   - the Nu HTML Checker (vnu.jar --errors-only), CSS files included.
# One test per (page, checker). tests/a11y/check.mjs does the work; the
# npm packages are pinned in tests/a11y/package.json and installed by
# tests/install-test-deps.sh. No browser is downloaded: /usr/bin/chromium.
#
# With VARIANT=asan the site is built with the sanitizer binary and compared
# with the plain binary's build; the browser and Java checks, which test the
# same bytes, run once, in the plain variant.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
export TZ=UTC LC_ALL=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if ! "$G" build -q --out "$tmp/site" >"$tmp/build.log" 2>&1; then
	cat "$tmp/build.log"
	echo "FAIL build: $G build of the demo site failed"
	echo "0 passed, 1 failed"
	exit 1
fi
echo "ok build: $(find "$tmp/site" -name '*.html' | wc -l) pages"

if [ "${VARIANT:-plain}" = asan ]; then
	pass=1 fail=0
	if [ -x ./gongkai ] && [ "$G" != "$PWD/gongkai" ]; then
		./gongkai build -q --out "$tmp/plain" >/dev/null 2>&1
		if diff -r "$tmp/plain" "$tmp/site" >"$tmp/diff" 2>&1; then
			echo "ok the sanitizer build writes the same site as ./gongkai"
			pass=$((pass + 1))
		else
			head -20 "$tmp/diff"
			echo "FAIL the sanitizer build differs from ./gongkai's"
			fail=$((fail + 1))
		fi
	fi
	echo "skip axe-core, reflow and vnu checks: they run in the plain variant"
	echo "$pass passed, $fail failed, 1 skipped"
	[ $fail -eq 0 ]
	exit
fi

missing=""
command -v node >/dev/null 2>&1 || missing="$missing node"
command -v java >/dev/null 2>&1 || missing="$missing java"
[ -x "${GONGKAI_CHROMIUM:-/usr/bin/chromium}" ] || missing="$missing chromium"
[ -d tests/a11y/node_modules/axe-core ] || missing="$missing tests/a11y/node_modules"
if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
	missing="$missing node>=20(playwright-core; found $(node --version))"
fi
if [ -n "$missing" ]; then
	echo "FAIL dependencies missing:$missing (run sh tests/install-test-deps.sh)"
	echo "1 passed, 1 failed"
	exit 1
fi
# check.mjs prints "ok/FAIL CHECKER PAGE" lines and the closing summary;
# add the build test to its counts.
node tests/a11y/check.mjs "$tmp/site" >"$tmp/out" 2>&1
rc=$?
grep -vE '^[0-9]+ passed, [0-9]+ failed' "$tmp/out"
last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/out" | tail -1)
p=$(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p')
f=$(echo "$last" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')
if [ -z "$last" ]; then
	echo "FAIL check.mjs exited $rc without a summary"
	p=0 f=1
elif [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
	echo "FAIL check.mjs exited $rc"
	f=1
fi
# The lists in pages (site.yaml paginate), which the demo's lists are
# too short for: the demo again with 3 to a page, and the pages of its
# FAQ index, of an SOP list and of a classification code.
mkdir "$tmp/paged"
cp -r content classification "$tmp/paged/"
ln -s "$PWD/themes" "$tmp/paged/themes"
{ cat site.yaml; printf 'paginate: 3\n'; } >"$tmp/paged/site.yaml"
if "$G" build -q --site "$tmp/paged" --out "$tmp/paged-site" >"$tmp/paged.log" 2>&1 &&
    [ -f "$tmp/paged-site/faq/page/2/index.html" ]; then
	p=$((p + 1))
	echo "ok build: the demo with paginate: 3"
	node tests/a11y/check.mjs "$tmp/paged-site" --only axe,reflow,vnu \
	    --pages '^/faq/(page/[0-9]+/)?$,^/sop/page/2/$,^/classification/service/I00/(page/[0-9]+/)?$' \
	    >"$tmp/out2" 2>&1
	rc=$?
	grep -vE '^[0-9]+ passed, [0-9]+ failed' "$tmp/out2"
	last=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/out2" | tail -1)
	if [ -z "$last" ] || [ $rc -ne 0 ]; then
		echo "FAIL check.mjs on the paged demo exited $rc"
		f=$((f + 1))
	fi
	p=$((p + $(echo "$last" | sed -n 's/^\([0-9]*\) passed.*/\1/p')))
	f=$((f + $(echo "$last" | sed -n 's/.* \([0-9]*\) failed.*/\1/p')))
else
	cat "$tmp/paged.log"
	echo "FAIL build: the demo with paginate: 3"
	f=$((f + 1))
fi
echo "$((p + 1)) passed, $f failed"
[ "$f" -eq 0 ]
