#!/bin/sh
# One command: install what is missing (Debian bookworm, apt-get), build
# ./gongkai, build the demo site into public/ and the three example agencies
# of sites/ with their supervision page (管制考核) into public/all/.
#
# The demo's content is from ROC year 104 (2015), so its audit (/audit/ and
# the supervision page) is taken as of 2016-01-25, after the fourth
# quarterly report was due; without --today a build audits as of the site
# update date.
set -eu
cd "$(dirname "$0")"

# Build dependencies (Debian package names; also listed in the README).
PKGS="build-essential pkg-config libmd4c-dev libcmark-gfm-dev \
libcmark-gfm-extensions-dev libgit2-dev libtidy-dev libyaml-dev \
libjansson-dev libmicrohttpd-dev"

missing=""
for p in $PKGS; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "build.sh: installing$missing"
	SUDO=""
	[ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

make -j"$(nproc 2>/dev/null || echo 2)" gongkai
# the root site first: its build replaces public/ as a whole
./gongkai build --today 2016-01-25
./gongkai build --all --out public/all --today 2016-01-25
