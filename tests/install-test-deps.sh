#!/bin/sh
# Installs what the tests need and is missing: Debian packages with apt-get
# (as root), npm packages into tests/a11y/node_modules. Idempotent and quiet
# when all is present. Never downloads a browser: the accessibility suite
# drives Debian's /usr/bin/chromium.
cd "$(dirname "$0")/.." || exit 2
need=""
for p in cmark-gfm libcmocka-dev python3 git; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
# tests/suites/a11y.sh: Chromium (with CJK fonts, so that layout and
# screenshots are real), a Java runtime for vnu.jar, Node.js and npm.
[ -x /usr/bin/chromium ] || need="$need chromium"
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || need="$need fonts-noto-cjk"
command -v java >/dev/null 2>&1 || need="$need default-jre-headless"
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
# tests/suites/valgrind.sh: memcheck on the demo build.
command -v valgrind >/dev/null 2>&1 || need="$need valgrind"
# tests/suites/fuzz-regressions.sh: the libFuzzer targets (clang and its
# runtime libraries: libFuzzer, ASan, UBSan).
command -v clang >/dev/null 2>&1 || need="$need clang"
dpkg -s libclang-rt-dev >/dev/null 2>&1 || need="$need libclang-rt-dev"
# tests/suites/serve.sh: curl, PyYAML (the README's workflows) and
# script(1) from bsdutils (a pseudo-terminal for the progress line).
command -v curl >/dev/null 2>&1 || need="$need curl"
python3 -c 'import yaml' 2>/dev/null || need="$need python3-yaml"
command -v script >/dev/null 2>&1 || need="$need bsdutils"
if [ -n "$need" ]; then
	echo "installing test dependencies:$need"
	SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
	$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $need >/dev/null || exit 2
fi

# npm packages pinned in tests/a11y/package.json + package-lock.json.
# node_modules is stale when the lock file changed since the last `npm ci`.
# --ignore-scripts: vnu-jar's postinstall would fetch a Java runtime; the
# jar itself ships in the package and we have Debian's Java.
a11y=tests/a11y
stamp=$a11y/node_modules/.gongkai-lock
if [ ! -f "$stamp" ] || ! cmp -s "$a11y/package-lock.json" "$stamp"; then
	echo "installing npm packages for $a11y (npm ci)"
	npm ci --prefix "$a11y" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null || exit 2
	cp "$a11y/package-lock.json" "$stamp"
fi
exit 0
