#!/bin/sh
# Golden sites: tests/golden/CASE/site is built with $GONGKAI and compared
# file by file with tests/golden/CASE/expected (diff -r). A case may also
# hold expected.stderr (the exact diagnostics) and expected.status (exit
# status, default 0). Regenerate after an intended change with
# tests/golden/update.sh and review the diff.
cd "$(dirname "$0")/../.." || exit 2
G=${GONGKAI:-./gongkai}
case "$G" in /*) ;; *) G="$PWD/$G" ;; esac
export TZ=UTC LC_ALL=C.UTF-8
pass=0 fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for c in tests/golden/*/; do
	c=${c%/}
	name=$(basename "$c")
	[ -d "$c/site" ] || continue
	want_status=0
	[ -f "$c/expected.status" ] && want_status=$(cat "$c/expected.status")
	(cd "$c/site" && "$G" build --out "$tmp/$name" >/dev/null 2>"$tmp/$name.raw")
	status=$?
	# the closing summary names the output folder; compare the diagnostics
	grep -v "^gongkai: " "$tmp/$name.raw" >"$tmp/$name.stderr"
	ok=1
	if [ "$status" != "$want_status" ]; then
		echo "FAIL $name: exit status $status, expected $want_status"; ok=0
	fi
	if [ -f "$c/expected.stderr" ]; then
		# the summary line names counts only; compare everything
		if ! diff -u "$c/expected.stderr" "$tmp/$name.stderr"; then
			echo "FAIL $name: diagnostics differ"; ok=0
		fi
	fi
	if [ -d "$c/expected" ]; then
		# the theme's static files are copied as they are: compared
		# with the theme here, not kept again in every expected/
		for f in $(cd themes/default/static && find . -type f); do
			if ! cmp -s "themes/default/static/$f" "$tmp/$name/$f"; then
				echo "FAIL $name: theme file $f not copied as it is"; ok=0
			fi
			rm -f "$tmp/$name/$f"
		done
		find "$tmp/$name" -type d -empty -delete
		if ! diff -ru "$c/expected" "$tmp/$name" >"$tmp/$name.diff"; then
			head -40 "$tmp/$name.diff"
			echo "FAIL $name: output differs"; ok=0
		fi
	elif [ "$want_status" = 0 ]; then
		echo "FAIL $name: no expected/ folder"; ok=0
	elif [ -e "$tmp/$name" ]; then
		echo "FAIL $name: a failed build wrote output"; ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); echo "ok $name"; else fail=$((fail + 1)); fi
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
