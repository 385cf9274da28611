/* Unit tests for markdown: site-mode enrichment with both engines (heading
 * ids, scope="col", raw HTML, alt text errors, .md links, summary). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "markdown.h"

static const enum markdown_engine engines[] = {
	MARKDOWN_MD4C, MARKDOWN_CMARK_GFM
};
#define NENGINES (sizeof(engines) / sizeof(engines[0]))

static struct markdown_options
site_opt(enum markdown_engine e)
{
	struct markdown_options o;

	memset(&o, 0, sizeof(o));
	o.engine = e;
	o.path = "content/a.md";
	o.first_line = 1;
	return o;
}

/* Render s; returns markdown_render's value. */
static int
render(const char *s, const struct markdown_options *o,
    struct markdown_result *res)
{
	memset(res, 0, sizeof(*res));
	return markdown_render(s, strlen(s), o, res);
}

static int
contains(const struct markdown_result *res, const char *needle)
{
	return strstr(buf_cstr(&res->html), needle) != NULL;
}

/* stderr into a temporary file, to read diagnostics back. */
struct capture {
	FILE	*f;
	int	 saved;
};

static void
capture_start(struct capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	assert_non_null(c->f);
	c->saved = dup(2);
	dup2(fileno(c->f), 2);
}

/* Returns what was written (caller frees). */
static char *
capture_end(struct capture *c)
{
	struct buf b = BUF_INIT;
	char chunk[512];
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->f);
	while ((n = fread(chunk, 1, sizeof(chunk), c->f)) > 0)
		buf_append(&b, chunk, n);
	fclose(c->f);
	return buf_detach(&b);
}

static void
test_engine_parse(void **state)
{
	enum markdown_engine e = MARKDOWN_MD4C;

	(void)state;
	assert_int_equal(markdown_engine_parse("cmark-gfm", &e), 0);
	assert_int_equal(e, MARKDOWN_CMARK_GFM);
	assert_int_equal(markdown_engine_parse("md4c", &e), 0);
	assert_int_equal(e, MARKDOWN_MD4C);
	assert_int_equal(markdown_engine_parse("pandoc", &e), -1);
}

static void
test_heading_ids(void **state)
{
	const char *md =
	    "# 機關簡介\n"
	    "## 機關簡介\n"
	    "## 機關簡介\n"
	    "## 第一章：總則（ＡＢ１）\n"
	    "## Hello, *World*! `x_y`\n"
	    "### ！？\n"
	    "### 機關簡介-1\n";
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;

		o.path = "x.md";
		diag_reset();
		assert_int_equal(render(md, &o, &res), 0);
		/* the page title is the only h1: a body h1 becomes h2, with
		 * one warning */
		assert_true(contains(&res, "<h2 id=\"機關簡介\">機關簡介</h2>"));
		assert_false(contains(&res, "<h1"));
		assert_int_equal(diag_warnings(), 1);
		assert_true(contains(&res, "<h2 id=\"機關簡介-1\">機關簡介</h2>"));
		assert_true(contains(&res, "<h2 id=\"機關簡介-2\">"));
		assert_true(contains(&res, "<h2 id=\"第一章-總則-ab1\">"));
		assert_true(contains(&res, "<h2 id=\"hello-world-x-y\">Hello, "
		    "<em>World</em>! <code>x_y</code></h2>"));
		assert_true(contains(&res, "<h3 id=\"section\">"));
		/* taken by the second heading: de-duplicated again */
		assert_true(contains(&res, "<h3 id=\"機關簡介-1-1\">"));
		assert_int_equal(res.nheadings, 7);
		assert_int_equal(res.headings[0].level, 2);
		assert_string_equal(res.headings[0].id, "機關簡介");
		assert_int_equal(res.headings[4].level, 2);
		assert_string_equal(res.headings[4].text, "Hello, World! x_y");
		assert_string_equal(res.headings[4].id, "hello-world-x-y");
		assert_string_equal(res.headings[5].id, "section");
		markdown_result_free(&res);

		/* spec mode: no ids in the HTML, levels as written */
		o.spec = 1;
		assert_int_equal(render(md, &o, &res), 0);
		assert_true(contains(&res, "<h1>機關簡介</h1>"));
		assert_false(contains(&res, " id=\""));
		markdown_result_free(&res);
	}
}

static void
test_table_scope(void **state)
{
	const char *md = "| 名稱 | 期限 |\n|---|---:|\n| 申請 | 7 日 |\n";
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;

		assert_int_equal(render(md, &o, &res), 0);
		assert_true(contains(&res, "<th scope=\"col\">名稱</th>"));
		assert_true(contains(&res, "<th scope=\"col\" "
		    "style=\"text-align: right\">期限</th>"));
		assert_true(contains(&res, "<td>申請</td>"));
		assert_false(contains(&res, "<td scope"));
		markdown_result_free(&res);
	}
}

static void
test_raw_html(void **state)
{
	const char *md = "文字 <b>粗</b>\n\n<div>\n區塊\n</div>\n\n"
	    "<script>alert(1)</script>\n";
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;

		assert_int_equal(render(md, &o, &res), 0);
		assert_true(contains(&res, "文字 &lt;b&gt;粗&lt;/b&gt;"));
		assert_true(contains(&res, "&lt;div&gt;"));
		assert_false(contains(&res, "<b>"));
		assert_false(contains(&res, "<div>"));
		assert_false(contains(&res, "<script"));
		markdown_result_free(&res);

		o.allow_html = 1;
		assert_int_equal(render(md, &o, &res), 0);
		assert_true(contains(&res, "文字 <b>粗</b>"));
		assert_true(contains(&res, "<div>\n區塊\n</div>"));
		/* the sanitizer (sanitize.c) drops <script> and its content */
		assert_false(contains(&res, "script"));
		assert_false(contains(&res, "alert(1)"));
		markdown_result_free(&res);
	}
}

static void
test_missing_alt(void **state)
{
	/* the image is on Markdown line 4, file line 4 + 6 - 1 = 9 */
	const char *md = "# 標題\n\n第一段\n說明 ![](圖.png) 與 ![標誌](ok.png)\n";
	struct capture cap;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;

		o.first_line = 6;
		diag_reset();
		capture_start(&cap);
		assert_int_equal(render(md, &o, &res), -1);
		err = capture_end(&cap);
		assert_int_equal(diag_errors(), 1);
		assert_int_equal(res.errors, 1);
		assert_non_null(strstr(err, "content/a.md:9:4: error: "
		    "圖片缺少替代文字 (image has no alt text): 圖.png\n"));
		assert_true(contains(&res, "<img src=\"%E5%9C%96.png\" alt=\"\" />"));
		assert_true(contains(&res, "alt=\"標誌\""));
		free(err);
		markdown_result_free(&res);

		/* spec mode checks nothing */
		o.spec = 1;
		diag_reset();
		assert_int_equal(render(md, &o, &res), 0);
		assert_int_equal(diag_errors(), 0);
		markdown_result_free(&res);
	}
	diag_reset();
}

static void
test_missing_alt_positions(void **state)
{
	/* blank alt, reference image, image in a list */
	const char *md = "![ ](a.png)\n\n- 項目 ![][r]\n\n[r]: b.png\n";
	struct capture cap;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;

		diag_reset();
		capture_start(&cap);
		assert_int_equal(render(md, &o, &res), -1);
		err = capture_end(&cap);
		assert_int_equal(res.errors, 2);
		assert_int_equal(diag_errors(), 2);
		assert_non_null(strstr(err, "content/a.md:1:1: error: "));
		assert_non_null(strstr(err, "content/a.md:3:6: error: "));
		free(err);
		markdown_result_free(&res);
	}
	diag_reset();
}

struct seen {
	int	 calls;
	int	 line[4];
	char	 dest[4][64];
};

static int
resolver(void *ctx, const char *dest, size_t len, struct buf *out,
    const char *path, int line, int col)
{
	struct seen *s = ctx;
	const char *dot, *hash;

	if (s->calls < 4) {
		s->line[s->calls] = line;
		snprintf(s->dest[s->calls], sizeof(s->dest[0]), "%.*s",
		    (int)len, dest);
	}
	s->calls++;
	if (len >= 10 && memcmp(dest, "missing.md", 10) == 0) {
		diag_error(path, line, col, "找不到連結目標 (no such page)");
		return -1;
	}
	/* "x.md#frag" -> "/faq/x/#frag" (dest is not NUL-terminated) */
	dot = memchr(dest, '.', len);
	hash = memchr(dest, '#', len);
	buf_puts(out, "/faq/");
	buf_append(out, dest, dot ? (size_t)(dot - dest) : len);
	buf_putc(out, '/');
	if (hash != NULL)
		buf_append(out, hash, len - (size_t)(hash - dest));
	return 0;
}

static void
test_links(void **state)
{
	const char *md =
	    "見[甲](a.md#第二節)、[乙](b.MD?x=1)與\n"
	    "[外部](https://example.gov.tw/c.md)、[目錄](/docs/)、\n"
	    "[缺](missing.md)、[網址](//cdn.example/d.md)、[JS](javascript:x)\n";
	struct capture cap;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;
		struct seen s;

		memset(&s, 0, sizeof(s));
		o.resolve_link = resolver;
		o.link_ctx = &s;
		o.first_line = 3;
		diag_reset();
		capture_start(&cap);
		assert_int_equal(render(md, &o, &res), -1);
		err = capture_end(&cap);
		assert_int_equal(s.calls, 3);
		assert_string_equal(s.dest[0], "a.md#第二節");
		assert_string_equal(s.dest[1], "b.MD?x=1");
		assert_string_equal(s.dest[2], "missing.md");
		assert_int_equal(s.line[0], 3);
		assert_int_equal(s.line[2], 5);
		assert_int_equal(res.errors, 1);
		assert_int_equal(diag_errors(), 1);
		assert_non_null(strstr(err, "content/a.md:5:"));
		assert_true(contains(&res,
		    "<a href=\"/faq/a/#%E7%AC%AC%E4%BA%8C%E7%AF%80\">甲</a>"));
		assert_true(contains(&res, "<a href=\"/faq/b/\">乙</a>"));
		assert_true(contains(&res,
		    "<a href=\"https://example.gov.tw/c.md\">外部</a>"));
		assert_true(contains(&res, "<a href=\"missing.md\">缺</a>"));
		assert_true(contains(&res, "<a href=\"//cdn.example/d.md\">"));
		assert_true(contains(&res, "<a href=\"\">JS</a>"));
		assert_false(contains(&res, "target="));
		free(err);
		markdown_result_free(&res);
	}
	diag_reset();
}

static void
test_summary(void **state)
{
	const char *md =
	    "# 標題\n\n"
	    "![](banner.png) ![橫幅](banner2.png)\n\n"
	    "> 引言不是摘要\n\n"
	    "本署依**政府資訊公開法**\n公開下列資訊 &amp; 文件。  \n第二行\n\n"
	    "第二段。\n";
	size_t i;

	(void)state;
	diag_set_quiet(1);
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;

		render(md, &o, &res);
		assert_string_equal(buf_cstr(&res.summary),
		    "本署依政府資訊公開法 公開下列資訊 & 文件。 第二行");
		markdown_result_free(&res);

		assert_int_equal(render("", &o, &res), 0);
		assert_string_equal(buf_cstr(&res.summary), "");
		assert_string_equal(buf_cstr(&res.html), "");
		assert_int_equal(res.nheadings, 0);
		markdown_result_free(&res);
	}
	diag_set_quiet(0);
	diag_reset();
}

/* The same page gives the same HTML whichever engine parsed it. */
static void
test_engines_agree(void **state)
{
	const char *md =
	    "# 申請須知\n\n"
	    "依 *規定* 辦理，詳見 [說明](https://www.gov.tw/)。\n\n"
	    "## 應備文件\n\n"
	    "1. 身分證\n2. 申請書 `A-1`\n\n"
	    "| 項目 | 費用 |\n|:---|---:|\n| 影印 | 2 元 |\n\n"
	    "## 應備文件\n\n"
	    "> 注意：~~舊規定~~已廢止。\n\n"
	    "- [x] 已完成\n- [ ] 未完成\n\n"
	    "```sh\nmake\n```\n\n---\n\n![流程圖](flow.png \"流程\")\n";
	struct markdown_options o1 = site_opt(MARKDOWN_MD4C);
	struct markdown_options o2 = site_opt(MARKDOWN_CMARK_GFM);
	struct markdown_result r1, r2;
	size_t i;

	(void)state;
	assert_int_equal(render(md, &o1, &r1), 0);
	assert_int_equal(render(md, &o2, &r2), 0);
	assert_string_equal(buf_cstr(&r1.html), buf_cstr(&r2.html));
	assert_string_equal(buf_cstr(&r1.summary), buf_cstr(&r2.summary));
	assert_int_equal(r1.nheadings, 3);
	assert_int_equal(r2.nheadings, 3);
	for (i = 0; i < r1.nheadings; i++) {
		assert_int_equal(r1.headings[i].level, r2.headings[i].level);
		assert_string_equal(r1.headings[i].id, r2.headings[i].id);
		assert_string_equal(r1.headings[i].text, r2.headings[i].text);
	}
	assert_string_equal(r1.headings[2].id, "應備文件-1");
	assert_true(contains(&r1, "<th scope=\"col\" style=\"text-align: left\">"));
	markdown_result_free(&r1);
	markdown_result_free(&r2);
}

/* A "Table:" / "表：" paragraph next to a table is its caption. */
static void
test_table_caption(void **state)
{
	const char *md =
	    "Table: 各季 *件數*\n"
	    "\n"
	    "| 季 | 件數 |\n|---|---|\n| 1 | 2 |\n"
	    "\n"
	    "| 甲 | 乙 |\n|---|---|\n| 3 | 4 |\n"
	    "\n"
	    "表：後面的標題\n"
	    "\n"
	    "表: 不在表格旁，保持段落\n";
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;
		const char *h;

		assert_int_equal(render(md, &o, &res), 0);
		h = buf_cstr(&res.html);
		assert_non_null(strstr(h, "<table>\n<caption>各季 <em>件數</em>"
		    "</caption>\n<thead>"));
		assert_non_null(strstr(h, "<table>\n<caption>後面的標題</caption>\n"
		    "<thead>\n<tr>\n<th scope=\"col\">甲</th>"));
		assert_non_null(strstr(h, "<p>表: 不在表格旁，保持段落</p>"));
		assert_null(strstr(h, "Table:"));
		assert_null(strstr(h, "表："));
		/* a caption is never the summary */
		assert_string_equal(buf_cstr(&res.summary), "");
		markdown_result_free(&res);
	}
}

/* One caption per table; a paragraph between keeps them apart; spec mode
 * has no captions. */
static void
test_table_caption_edges(void **state)
{
	const char *md =
	    "Table: 第一個\n\n| a |\n|---|\n| 1 |\n\nTable: 第二個\n\n"
	    "| b |\n|---|\n| 2 |\n\n中間的段落。\n\nTable: 孤單\n\n段落。\n";
	size_t i;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_result res;
		const char *h;

		assert_int_equal(render(md, &o, &res), 0);
		h = buf_cstr(&res.html);
		/* "第二個" is taken by the table after it, not the one before */
		assert_non_null(strstr(h, "<caption>第一個</caption>"));
		assert_non_null(strstr(h, "<caption>第二個</caption>\n<thead>\n"
		    "<tr>\n<th scope=\"col\">b</th>"));
		assert_non_null(strstr(h, "<p>Table: 孤單</p>"));
		assert_string_equal(buf_cstr(&res.summary), "中間的段落。");
		markdown_result_free(&res);

		o.spec = 1;
		assert_int_equal(render(md, &o, &res), 0);
		assert_null(strstr(buf_cstr(&res.html), "<caption>"));
		markdown_result_free(&res);
	}
}

/* The line and column each part of the HTML came from. */
static const struct markdown_srcpos *
pos_of(const struct markdown_result *res, const struct markdown_srcmap *m,
    const char *needle)
{
	const char *h = buf_cstr(&res->html), *at = strstr(h, needle);

	assert_non_null(at);
	return markdown_srcmap_find(m, (size_t)(at - h));
}

static void
test_srcmap(void **state)
{
	const char *md =
	    "第一段\n"
	    "第二行有[連結](https://a.example/)。\n"
	    "\n"
	    "## 標題\n"
	    "\n"
	    "- 項目\n"
	    "- 又一項 ![圖](b.png)\n"
	    "\n"
	    "表：件數\n"
	    "\n"
	    "| 季 | 件數 |\n"
	    "|---|---|\n"
	    "| 第1季 | 10 |\n"
	    "\n"
	    "<div>\n"
	    "<p>區塊 <span lang=\"en\">HTML</span></p>\n"
	    "</div>\n"
	    "\n"
	    "最後 <b>粗</b> 字。\n";
	size_t i, k;

	(void)state;
	for (i = 0; i < NENGINES; i++) {
		struct markdown_options o = site_opt(engines[i]);
		struct markdown_srcmap m = { NULL, 0, 0 };
		struct markdown_result res;
		const struct markdown_srcpos *p;

		o.first_line = 3;
		o.allow_html = 1;
		o.srcmap = &m;
		assert_int_equal(render(md, &o, &res), 0);
		for (k = 1; k < m.n; k++)
			assert_true(m.v[k - 1].off < m.v[k].off);
		assert_true(m.v[m.n - 1].off < res.html.len);
		p = pos_of(&res, &m, "<p>第一段");
		assert_int_equal(p->line, 3);
		assert_int_equal(p->col, 1);
		p = pos_of(&res, &m, "第二行");
		assert_int_equal(p->line, 4);
		p = pos_of(&res, &m, "<a href");
		assert_int_equal(p->line, 4);
		assert_int_equal(p->col, 5);
		p = pos_of(&res, &m, "<h2");
		assert_int_equal(p->line, 6);
		assert_int_equal(p->col, 1);
		p = pos_of(&res, &m, "<ul>");
		assert_int_equal(p->line, 8);
		p = pos_of(&res, &m, "<img");
		assert_int_equal(p->line, 9);
		assert_int_equal(p->col, 7);
		p = pos_of(&res, &m, "<table>");
		assert_int_equal(p->line, 13);
		p = pos_of(&res, &m, "<td>第1季");
		assert_int_equal(p->line, 15);
		p = pos_of(&res, &m, "<p>區塊");
		assert_int_equal(p->line, 18);
		assert_true(p->raw);
		p = pos_of(&res, &m, "<b>");
		assert_int_equal(p->line, 21);
		assert_int_equal(p->col, 4);
		assert_true(p->raw);
		p = pos_of(&res, &m, " 字");
		assert_false(p->raw);
		markdown_srcmap_free(&m);
		markdown_result_free(&res);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine_parse),
		cmocka_unit_test(test_heading_ids),
		cmocka_unit_test(test_table_scope),
		cmocka_unit_test(test_raw_html),
		cmocka_unit_test(test_missing_alt),
		cmocka_unit_test(test_missing_alt_positions),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_engines_agree),
		cmocka_unit_test(test_table_caption),
		cmocka_unit_test(test_table_caption_edges),
		cmocka_unit_test(test_srcmap),
	};

	markdown_global_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
