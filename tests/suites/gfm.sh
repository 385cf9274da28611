#!/bin/sh
# GFM conformance of the cmark-gfm engine: every example of the GFM spec
# shipped with cmark-gfm (/usr/share/doc/cmark-gfm/spec.txt.gz) through
#   cmark-gfm --unsafe -e table -e strikethrough -e autolink -e tagfilter -e tasklist
# and through `$GONGKAI md --engine cmark-gfm --spec`; the two outputs must
# be the same bytes (our renderer replaces cmark_render_html, so the CLI
# is the reference, not the spec's expected HTML).
#
# Prints "FAIL example N" per difference and, last, "N passed, N failed".
# Exit 0 iff nothing failed.
cd "$(dirname "$0")/../.." || exit 2
GONGKAI=${GONGKAI:-./gongkai}
GFM_SPEC=${GFM_SPEC:-/usr/share/doc/cmark-gfm/spec.txt.gz}
for f in "$GFM_SPEC" "$GONGKAI"; do
	[ -e "$f" ] || { echo "missing $f"; echo "0 passed, 1 failed"; exit 1; }
done
command -v cmark-gfm >/dev/null 2>&1 ||
	{ echo "missing cmark-gfm"; echo "0 passed, 1 failed"; exit 1; }
export GONGKAI GFM_SPEC

exec python3 - <<'PY'
import gzip, os, subprocess, sys

def examples(path):
    tests, md, state, num = [], [], 0, 0
    with gzip.open(path, 'rt', encoding='utf-8', newline='\n') as f:
        for line in f:
            l = line.strip()
            if l.startswith("`" * 32 + " example"):
                state = 1
            elif l == "`" * 32 and state:
                state = 0
                num += 1
                tests.append((num, ''.join(md).replace('→', '\t')))
                md = []
            elif l == "." and state == 1:
                state = 2
            elif state == 1:
                md.append(line)
    return tests

cli = ["cmark-gfm", "--unsafe", "-e", "table", "-e", "strikethrough",
       "-e", "autolink", "-e", "tagfilter", "-e", "tasklist"]
ours = [os.environ["GONGKAI"], "md", "--engine", "cmark-gfm", "--spec"]
passed = failed = 0
for num, md in examples(os.environ["GFM_SPEC"]):
    data = md.encode()
    try:
        want = subprocess.run(cli, input=data, capture_output=True,
                              timeout=10).stdout
        got = subprocess.run(ours, input=data, capture_output=True,
                             timeout=10)
        out, err = got.stdout, got.stderr.decode('utf-8', 'replace')
        ok = got.returncode == 0 and out == want
    except (OSError, subprocess.TimeoutExpired) as e:
        want, out, err, ok = b"", b"", str(e), False
    if ok:
        passed += 1
        continue
    failed += 1
    print("FAIL example %d" % num)
    if os.environ.get("VERBOSE"):
        print("  markdown: %r\n  cmark-gfm: %r\n  gongkai:   %r\n  stderr: %s"
              % (md, want, out, err))
print("%d passed, %d failed" % (passed, failed))
sys.exit(0 if failed == 0 else 1)
PY
