#!/bin/sh
# Mustache spec runner: every test of every spec/mustache/*.json file is
# rendered with `$GONGKAI tmpl TEMPLATE DATA.json --partials DIR` and its
# stdout compared byte for byte with "expected" (exit status must be 0).
# Prints "FAIL <file>: <test name>" per failure and, as the last line,
# "N passed, N failed". Exits 0 iff none failed.
#
#   GONGKAI  binary to test (default ./gongkai, relative to the repo root)
#   SPEC     the folder of spec JSON files (default tests/spec/mustache)
cd "$(dirname "$0")/../.." || exit 2
GONGKAI=${GONGKAI:-./gongkai}
SPEC="${SPEC:-tests/spec/mustache}"
export GONGKAI SPEC

if ! command -v python3 >/dev/null 2>&1; then
	echo "FAIL mustache: python3 not found"
	echo "0 passed, 1 failed"
	exit 1
fi

exec python3 - <<'EOF'
import glob, json, os, shutil, subprocess, sys, tempfile

gongkai = os.environ["GONGKAI"]
files = sorted(glob.glob(os.path.join(os.environ["SPEC"], "*.json")))
passed = failed = 0
if not files:
    print("FAIL mustache: no spec files in " + os.environ["SPEC"])
    failed = 1
tmp = tempfile.mkdtemp(prefix="gongkai-mustache.")
try:
    for path in files:
        name = os.path.basename(path)
        with open(path, encoding="utf-8") as f:
            spec = json.load(f)
        for i, test in enumerate(spec["tests"]):
            d = os.path.join(tmp, "%s.%d" % (name, i))
            pdir = os.path.join(d, "partials")
            os.makedirs(pdir)
            tpath = os.path.join(d, "template.mustache")
            dpath = os.path.join(d, "data.json")
            with open(tpath, "wb") as f:
                f.write(test["template"].encode("utf-8"))
            with open(dpath, "w", encoding="utf-8") as f:
                json.dump(test.get("data"), f, ensure_ascii=False)
            for pname, ptext in (test.get("partials") or {}).items():
                with open(os.path.join(pdir, pname + ".mustache"), "wb") as f:
                    f.write(ptext.encode("utf-8"))
            try:
                r = subprocess.run([gongkai, "tmpl", tpath, dpath,
                                    "--partials", pdir],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, timeout=30)
                ok = (r.returncode == 0 and
                      r.stdout == test["expected"].encode("utf-8"))
            except (OSError, subprocess.TimeoutExpired) as e:
                r, ok = None, False
                print("  %s" % e)
            if ok:
                passed += 1
            else:
                failed += 1
                print("FAIL %s: %s" % (name, test["name"]))
                if r is not None:
                    print("  expected %r" % test["expected"])
                    print("  got      %r (exit %d)" % (
                        r.stdout.decode("utf-8", "replace"), r.returncode))
                    err = r.stderr.decode("utf-8", "replace").strip()
                    if err:
                        print("  stderr   " + err.replace("\n", "\n           "))
finally:
    shutil.rmtree(tmp, ignore_errors=True)
print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
EOF
