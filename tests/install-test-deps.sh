#!/bin/sh
# Installs what the tests need and is missing: Debian packages with apt-get
# (as root), npm packages into node_modules/. Idempotent and quiet when all
# is present.
cd "$(dirname "$0")/.." || exit 2
need=""
for p in cmark-gfm libcmocka-dev python3 git; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
if [ -n "$need" ]; then
	echo "installing test dependencies:$need"
	SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null || exit 2
fi
exit 0
