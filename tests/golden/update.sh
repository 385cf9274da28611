#!/bin/sh
# Regenerate the expected output of every golden case (or of the cases
# named) with ./gongkai. Review `git diff tests/golden` before committing.
cd "$(dirname "$0")/../.." || exit 2
G="$PWD/gongkai"
export TZ=UTC LC_ALL=C.UTF-8
cases="$*"
[ -n "$cases" ] || cases=$(ls tests/golden)
for name in $cases; do
	c=tests/golden/$name
	[ -d "$c/site" ] || continue
	rm -rf "$c/expected"
	(cd "$c/site" && "$G" build --out ../expected >/dev/null 2>../expected.raw)
	status=$?
	# the theme's static files: golden.sh compares them with the theme
	if [ -d "$c/expected" ]; then
		for f in $(cd themes/default/static && find . -type f); do
			rm -f "$c/expected/$f"
		done
		find "$c/expected" -type d -empty -delete
	fi
	grep -v "^gongkai: " "$c/expected.raw" >"$c/expected.stderr"
	rm -f "$c/expected.raw"
	if [ $status -ne 0 ]; then
		echo $status >"$c/expected.status"
	else
		rm -f "$c/expected.status"
	fi
	[ -s "$c/expected.stderr" ] || rm -f "$c/expected.stderr"
	echo "updated $name (exit $status)"
done
