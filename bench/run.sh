#!/bin/sh
# make bench: every benchmark, printing numbers (never pass/fail on time).
cd "$(dirname "$0")/.." || exit 2
for b in bench/history.sh bench/build.sh; do
	echo "== $b"
	sh "$b" || exit $?
done
