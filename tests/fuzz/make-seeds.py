#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets into tests/fuzz/seeds/TARGET/.

Run from anywhere: python3 tests/fuzz/make-seeds.py (needs ./gongkai and
git for the history seeds). The seeds are small real inputs: front matter
from content/, site.yaml files, the Mustache spec's tests (with partials
and inheritance) and the default theme's layouts, CommonMark spec examples
grouped a few to a file, search text, and history caches of a tiny
repository and of tests/fixtures/make-history-repo.sh's. Each file starts
with the flag byte its target reads (see tests/fuzz/fuzz_*.c).
"""
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "tests", "fuzz", "seeds")


def put(target, name, data):
    d = os.path.join(SEEDS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def rel(p):
    return os.path.relpath(p, ROOT)


def frontmatter():
    # byte 0: section (0 plans, 1 reports, 2 faq, 3 sops, 4 news, 5 about,
    # 6 none), bit 7 a section index
    pick = {
        "content/plans": 0, "content/reports": 1, "content/faq": 2,
        "content/sop": 3, "content/news": 4, "content/about": 5,
    }
    for folder, sec in sorted(pick.items()):
        files = sorted(glob.glob(os.path.join(ROOT, folder, "*.md")))
        regular = [f for f in files if not f.endswith("_index.md")]
        index = [f for f in files if f.endswith("_index.md")]
        # the smallest regular page of each kind, and the section index
        for f in sorted(regular, key=os.path.getsize)[:2] + index:
            flag = sec | (0x80 if f.endswith("_index.md") else 0)
            text = open(f, "rb").read()
            put("frontmatter", folder.split("/")[1] + "-" +
                os.path.basename(f), bytes([flag]) + text)
    put("frontmatter", "home-_index.md",
        bytes([6 | 0x80]) + open(os.path.join(ROOT, "content/_index.md"), "rb").read())
    put("frontmatter", "bom-crlf.md", b"\x06\xef\xbb\xbf---\r\ntitle: x\r\n"
        b"date: 2015-01-05\r\n...\r\nbody\r\n")


def yaml():
    for f in [os.path.join(ROOT, "site.yaml")] + sorted(
            glob.glob(os.path.join(ROOT, "sites", "*", "site.yaml"))):
        name = rel(f).replace("/", "-")
        put("yaml", "config-" + name, b"\x01" + open(f, "rb").read())
    put("yaml", "anchors.yaml", "a: &x [1, {b: c}]\nd: *x\n? [complex]\n: v\n"
        "e: |\n  block\n  text\nf: 'quoted'\ng: yes\nh: -12\n")
    # front matter of one page of each kind, as a plain document
    for f in ["content/plans", "content/sop", "content/faq"]:
        page = sorted(glob.glob(os.path.join(ROOT, f, "*.md")))[-1]
        text = open(page, encoding="utf-8").read()
        m = re.match(r"---\n(.*?)\n---\n", text, re.S)
        if m:
            put("yaml", "fm-" + os.path.basename(f) + ".yaml",
                b"\x00" + m.group(1).encode())


def template():
    # byte 0: flags; DATA \0 TEMPLATE [\0 NAME \n PARTIAL]...
    for spec in sorted(glob.glob(os.path.join(ROOT, "tests/spec/mustache/*.json"))):
        base = os.path.basename(spec)[:-5].lstrip("~")
        for i, t in enumerate(json.load(open(spec, encoding="utf-8"))["tests"]):
            if "lambda" in json.dumps(t["data"]):
                continue
            parts = [json.dumps(t["data"], ensure_ascii=False), t["template"]]
            for name, src in sorted(t.get("partials", {}).items()):
                parts.append(name + "\n" + src)
            data = "\0".join(parts).encode()
            put("template", "%s-%02d" % (base, i), bytes([i % 4]) + data)
    # the default theme: a page layout with its partials, and the base
    lay = os.path.join(ROOT, "themes/default/layouts")
    partials = []
    for f in sorted(glob.glob(os.path.join(lay, "*.mustache"))):
        name = os.path.basename(f)[:-9]
        if name in ("base", "meta", "toc", "revision-item", "codes"):
            partials.append(name + "\n" + open(f, encoding="utf-8").read())
    data = {"title": "範例", "site": {"title": "範例地方檢察署", "base": "/"},
            "page": {"title": "常見問答", "html": "<p>內容</p>",
                     "toc": [{"id": "a", "text": "甲"}]}}
    for name in ("page", "faq"):
        src = open(os.path.join(lay, name + ".mustache"), encoding="utf-8").read()
        put("template", "theme-" + name, b"\x02" + "\0".join(
            [json.dumps(data, ensure_ascii=False), src] + partials).encode())


def markdown():
    # byte 0: flags (bit 0 cmark-gfm, bit 1 spec mode, bit 2 raw HTML,
    # bit 3 source map, bit 4 link resolver, bit 5 table label)
    spec = open(os.path.join(ROOT, "tests/spec/commonmark/spec.txt"),
                encoding="utf-8").read()
    ex = re.findall(r"^`{32} example\n(.*?)^\.\n", spec, re.S | re.M)
    ex = [e.replace("\u2192", "\t") for e in ex]
    per = 24
    for k in range(0, len(ex), per):
        group = "\n\n".join(ex[k:k + per])
        n = k // per
        put("markdown", "commonmark-%02d" % n,
            bytes([(n * 7) & 0x3f]) + group.encode())
    gfm = ("| a | b |\n|:-|-:|\n| ~~x~~ | www.example.com |\n\nTable: 表一\n\n"
           "- [ ] todo\n- [x] done\n\n<script>x</script>\n\n[p](other.md#h) "
           "[q](xmissing.md) ![](a.png) ![圖](javascript:alert(1))\n\n"
           "# 第一章 總則\n\n# 第一章 總則\n\n## \n")
    for flags in (0x38, 0x39, 0x3c, 0x3d):
        put("markdown", "site-gfm-%02x" % flags, bytes([flags]) + gfm.encode())
    page = open(os.path.join(ROOT, "content/about/core-policies.md"), "rb").read()
    put("markdown", "page-core-policies", b"\x18" + page.split(b"\n---\n", 1)[-1])


def search():
    put("search", "mixed", "ＳＯＰ　閱卷 申請 SOP 2015 緩起訴處分金 易服社會勞動 "
        "𠀀𠀁 Ａｂｃ".encode())
    put("search", "invalid-utf8", b"\xe9\x96\xb1\xe5\x8d\xb7 \xe9\x96 \xf0\x9f\x98"
        b" \xed\xa0\x80 \xc0\xaf abc\xff" + b"x" * 80)
    title = []
    for f in sorted(glob.glob(os.path.join(ROOT, "content/faq/*.md")))[:6]:
        m = re.search(r"^title: *(.*)$", open(f, encoding="utf-8").read(), re.M)
        if m:
            title.append(m.group(1))
    put("search", "faq-titles", "\n".join(title).encode())


def history():
    gongkai = os.path.join(ROOT, "gongkai")
    tmp = tempfile.mkdtemp()
    try:
        env = dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null",
                   GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="示範",
                   GIT_AUTHOR_EMAIL="a@example.org", GIT_COMMITTER_NAME="c",
                   GIT_COMMITTER_EMAIL="c@example.org")
        small = os.path.join(tmp, "small")
        os.makedirs(small)
        git = lambda *a, **k: subprocess.run(["git", "-C", small] + list(a),
                                             check=True, env=dict(env, **k),
                                             stdout=subprocess.DEVNULL)
        git("init", "-q", "-b", "main")
        steps = [("a.md", "one\n", "add a"), ("b/c.md", "two\n", "add c"),
                 (None, ("a.md", "d.md"), "rename a to d"),
                 ("d.md", "three\n", "edit d")]
        for i, (path, content, msg) in enumerate(steps):
            date = "2015-01-0%dT10:00:00+08:00" % (i + 1)
            if path is None:
                git("mv", content[0], content[1])
            else:
                os.makedirs(os.path.dirname(os.path.join(small, path)) or small,
                            exist_ok=True)
                open(os.path.join(small, path), "w").write(content)
                git("add", path)
            git("commit", "-q", "-m", msg, GIT_AUTHOR_DATE=date,
                GIT_COMMITTER_DATE=date)
        fixture = os.path.join(tmp, "fixture")
        subprocess.run(["sh", os.path.join(ROOT, "tests/fixtures/make-history-repo.sh"),
                        fixture], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        for name, repo in (("small", small), ("fixture", fixture)):
            cache = os.path.join(tmp, "cache-" + name)
            subprocess.run([gongkai, "history", "--repo", repo, "--cache", cache,
                            "--follow", "--count"], check=True,
                           stdout=subprocess.DEVNULL)
            put("history", name + ".cache",
                open(os.path.join(cache, "history.cache"), "rb").read())
    finally:
        shutil.rmtree(tmp)


def main():
    for t in ("frontmatter", "yaml", "template", "markdown", "search", "history"):
        shutil.rmtree(os.path.join(SEEDS, t), ignore_errors=True)
    frontmatter()
    yaml()
    template()
    markdown()
    search()
    history()


if __name__ == "__main__":
    main()
