/* Unit tests for check: each accessibility rule, libtidy and its
 * suppressed false positives, and findings placed at Markdown and
 * template lines through the source maps. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "check.h"
#include "diag.h"
#include "markdown.h"
#include "util.h"
#include "template.h"
#include "value.h"

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

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;
	const char *p = hay;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* A page that passes every check, with `head` added to <head> and `body`
 * at the top of <main>'s content. */
static char *
page(const char *head, const char *body)
{
	struct buf b = BUF_INIT;

	buf_printf(&b,
	    "<!DOCTYPE html>\n"
	    "<html lang=\"zh-Hant-TW\">\n"
	    "<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<title>測試頁｜測試網站</title>\n"
	    "%s"
	    "</head>\n"
	    "<body>\n"
	    "<a class=\"skip-link\" href=\"#C\">跳到主要內容區塊</a>\n"
	    "<header>\n"
	    "<a href=\"#U\" id=\"U\" accesskey=\"U\" title=\"上方功能區\">:::</a>\n"
	    "<nav aria-label=\"主選單\"><ul>\n"
	    "<li><a href=\"/faq/\" aria-current=\"page\">常見問題</a></li>\n"
	    "<li><a href=\"/sop/\">標準作業程序</a></li>\n"
	    "</ul></nav>\n"
	    "</header>\n"
	    "<main id=\"main\">\n"
	    "<a href=\"#C\" id=\"C\" accesskey=\"C\" title=\"中央內容區\">:::</a>\n"
	    "<h1>測試頁</h1>\n"
	    "<p>發布日期：<time datetime=\"2015-01-05\">104-01-05</time></p>\n"
	    "<div class=\"content\">\n"
	    "%s"
	    "</div>\n"
	    "</main>\n"
	    "<footer>\n"
	    "<a href=\"#Z\" id=\"Z\" accesskey=\"Z\" title=\"下方功能區\">:::</a>\n"
	    "<p>地址：測試市測試路1號</p>\n"
	    "</footer>\n"
	    "</body>\n"
	    "</html>\n", head, body);
	return buf_detach(&b);
}

/* Check html with both checkers; returns the diagnostics (caller frees)
 * and check_page's value in *rc. */
static char *
run_src(const char *html, const struct check_source *src, int *rc)
{
	struct checker *c = checker_new(NULL);
	struct capture cap;
	int r;

	capture_start(&cap);
	r = check_page(c, html, strlen(html), src);
	checker_free(c);
	if (rc != NULL)
		*rc = r;
	{
		char *out = capture_end(&cap);

		if (getenv("SHOW"))
			printf("----\n%s", out);
		return out;
	}
}

static char *
run(const char *html, int *rc)
{
	struct check_source src;

	memset(&src, 0, sizeof(src));
	src.out_path = "x/index.html";
	return run_src(html, &src, rc);
}

/* Diagnostics for a page with `body` in <main>. */
static char *
body_report(const char *body, int *rc)
{
	char *html = page("", body), *out = run(html, rc);

	free(html);
	return out;
}

static void
test_clean_page(void **state)
{
	char *out;
	int rc = -2;

	(void)state;
	out = body_report(
	    "<h2 id=\"服務項目\">服務項目</h2>\n"
	    "<p><a href=\"#服務項目\">本頁</a>、<img src=\"a.png\" alt=\"圖\" "
	    "loading=\"lazy\" decoding=\"async\"></p>\n"
	    "<p><span></span></p><p></p>\n"
	    "<table><caption>件數</caption><thead><tr><th scope=\"col\">季</th>"
	    "<th scope=\"col\">件數</th></tr></thead>\n"
	    "<tbody><tr><td>1</td><td>2</td></tr></tbody></table>\n"
	    "<form role=\"search\" action=\"/s/\"><label for=\"q\">搜尋</label>"
	    "<input type=\"search\" id=\"q\" name=\"q\" accesskey=\"S\">"
	    "<button type=\"submit\">搜尋</button></form>\n"
	    "<my-widget>自訂元素</my-widget>\n"
	    "<details><summary>更多</summary><p>內容</p></details>\n"
	    "<p><a href=\"https://x.example/\" target=\"_blank\" rel=\"noopener\" "
	    "title=\"外部網站(另開新視窗)\">外部網站</a></p>\n", &rc);
	assert_string_equal(out, "");
	assert_int_equal(rc, 0);
	free(out);
}

static void
test_images(void **state)
{
	char *out;
	int rc;

	(void)state;
	out = body_report("<p><img src=\"a.png\"></p>\n", &rc);
	assert_int_equal(count(out, "x/index.html:21:4: error: [HM1110100C] "
	    "圖片<img>組件需有替代文字(alt)屬性"), 1);
	assert_int_equal(count(out, "tidy"), 0);	/* reported once, by us */
	assert_int_equal(rc, -1);
	free(out);

	out = body_report("<p><img src=\"a.png\" alt=\"\" title=\"線\">"
	    "<img src=\"b.png\" alt=\"\"></p>\n", &rc);
	assert_int_equal(count(out, "error: [HM1110106C]"), 1);
	assert_int_equal(count(out, "error:"), 1);
	free(out);

	out = body_report("<map name=\"m\"><area shape=\"rect\" "
	    "coords=\"0,0,1,1\" href=\"/\" alt=\" \"></map>\n"
	    "<form action=\"/\"><input type=\"image\" src=\"go.png\"></form>\n"
	    "<object data=\"a.pdf\"></object>\n"
	    "<object data=\"b.pdf\">計畫書 PDF</object>\n"
	    "<embed src=\"c.swf\" title=\"動畫\">\n", &rc);
	assert_int_equal(count(out, "error: [HM1110101C]"), 1);
	assert_int_equal(count(out, "error: [HM1110104C]"), 1);
	assert_int_equal(count(out, "error: [HM1110105C]"), 1);
	assert_int_equal(count(out, "x/index.html:23:1: error: [HM1110105C]"), 1);
	free(out);
}

static void
test_headings(void **state)
{
	char *out;
	int rc;

	(void)state;
	out = body_report("<h2>二</h2>\n<h3>三</h3>\n<h2>二</h2>\n<h3>三</h3>\n"
	    "<h4>四</h4>\n<h2>二</h2>\n", &rc);
	assert_string_equal(out, "");
	free(out);

	/* the page's h1 counts: h3 right after it skips h2 */
	out = body_report("<h3>三</h3>\n<h4>四</h4>\n<h6>六</h6>\n", &rc);
	assert_int_equal(count(out, "x/index.html:21:1: error: [HM1130100C] "
	    "網頁中的標頭組件必須要按照正確的巢狀層次結構來配置 (h3 after h1 "
	    "skips a level)"), 1);
	assert_int_equal(count(out, "x/index.html:23:1: error: [HM1130100C]"), 1);
	assert_int_equal(count(out, "error:"), 2);
	free(out);

	/* a page that begins below h1 */
	out = run("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head>"
	    "<body><main id=\"m\"><h2>x</h2></main></body></html>", &rc);
	assert_int_equal(count(out, "error: [HM1130100C]"), 1);
	assert_int_equal(count(out, "the first heading is h2"), 1);
	free(out);
}

static void
test_tables(void **state)
{
	char *out;
	int rc;

	(void)state;
	out = body_report(
	    "<table><tr><th>季</th><th scope=\"col\">件數</th></tr>\n"
	    "<tr><td>1</td><td>2</td></tr></table>\n", &rc);
	assert_int_equal(count(out, "x/index.html:21:12: error: [HM1130101C]"), 1);
	assert_int_equal(count(out, "error:"), 1);
	free(out);

	/* headers and id tie the cells; a headers naming nothing is wrong */
	out = body_report(
	    "<table><tr><th id=\"q\">季</th><th id=\"n\">件數</th></tr>\n"
	    "<tr><td headers=\"q\">1</td><td headers=\"n x\">2</td></tr></table>\n",
	    &rc);
	assert_int_equal(count(out, "x/index.html:22:27: error: [HM1130102C]"), 1);
	assert_int_equal(count(out, "\"x\""), 1);
	assert_int_equal(count(out, "error:"), 1);
	free(out);

	/* a bad scope; a table with no header cell at all; layout tables */
	out = body_report(
	    "<table><tr><th scope=\"column\">季</th></tr><tr><td>1</td></tr></table>\n"
	    "<table><tr><td>1</td></tr></table>\n"
	    "<table role=\"presentation\"><tr><td>1</td></tr></table>\n"
	    "<table><tr><th scope=\"row\">a</th><td><table><tr><td>n</td></tr>"
	    "</table></td></tr></table>\n", &rc);
	assert_int_equal(count(out, "x/index.html:21:12: error: [HM1130101C]"), 1);
	assert_int_equal(count(out, "x/index.html:22:1: warning: [HM1130101C]"), 1);
	assert_int_equal(count(out, "x/index.html:24:38: warning: [HM1130101C]"), 1);
	assert_int_equal(count(out, "error:"), 1);
	assert_int_equal(count(out, "warning:"), 2);
	free(out);
}

static void
test_forms(void **state)
{
	char *out;
	int rc;

	(void)state;
	out = body_report(
	    "<form action=\"/s/\">\n"
	    "<input type=\"text\" name=\"q\">\n"
	    "<label for=\"a\">姓名</label><input id=\"a\" name=\"a\">\n"
	    "<label>電話 <input name=\"b\"></label>\n"
	    "<input name=\"c\" title=\"地址\"><input name=\"d\" aria-label=\"信箱\">\n"
	    "<span id=\"l\">備註</span><textarea aria-labelledby=\"l\"></textarea>\n"
	    "<select name=\"e\"><option>1</option></select>\n"
	    "<label for=\"f\"> </label><input id=\"f\" name=\"f\">\n"
	    "<input type=\"hidden\" name=\"t\" value=\"1\">"
	    "<input type=\"checkbox\" disabled=\"\" />\n"
	    "<input type=\"submit\" value=\"送出\">\n"
	    "</form>\n", &rc);
	assert_int_equal(count(out, "x/index.html:22:1: error: [HM1130104C]"), 1);
	assert_int_equal(count(out, "name=q"), 1);
	assert_int_equal(count(out, "x/index.html:27:1: error: [HM1130104C]"), 1);
	assert_int_equal(count(out, "x/index.html:28:25: error: [HM1130104C]"), 1);
	assert_int_equal(count(out, "error:"), 3);
	free(out);

	out = body_report(
	    "<form action=\"/s/\">\n"
	    "<fieldset><label><input type=\"checkbox\" name=\"x\"> 甲</label>"
	    "</fieldset>\n"
	    "<fieldset><legend> </legend><label>乙 <input name=\"y\"></label>"
	    "</fieldset>\n"
	    "<fieldset><legend>性別</legend>\n"
	    "<label><input type=\"radio\" name=\"s\" value=\"1\"> 男</label>\n"
	    "<label><input type=\"radio\" name=\"s\" value=\"2\"> 女</label>\n"
	    "</fieldset>\n"
	    "<label><input type=\"radio\" name=\"r\" value=\"1\"> 是</label>\n"
	    "<label><input type=\"radio\" name=\"r\" value=\"2\"> 否</label>\n"
	    "</form>\n", &rc);
	assert_int_equal(count(out, "x/index.html:22:1: error: [HM1130103C]"), 1);
	assert_int_equal(count(out, "x/index.html:23:11: error: [HM1130103C]"), 1);
	assert_int_equal(count(out, "x/index.html:28:8: warning: [HM1130103C]"), 1);
	assert_int_equal(count(out, "\"r\""), 1);
	assert_int_equal(count(out, "[HM1130103C]"), 3);
	free(out);
}

static void
test_links(void **state)
{
	char *out;
	int rc;

	(void)state;
	out = body_report(
	    "<p><a href=\"/a/\"></a> <a href=\"/b/\"> &nbsp; </a></p>\n"
	    "<p><a href=\"/c/\"><img src=\"c.png\" alt=\"申請書\"></a>"
	    "<a href=\"/d/\" aria-label=\"首頁\"><img src=\"d.png\" alt=\"\"></a>"
	    "<a id=\"top\"></a></p>\n"
	    "<p><a href=\"/e/\">請點此</a> <a href=\"/f/\"> Click Here! </a>"
	    "<a href=\"/g/\">點此。</a></p>\n"
	    "<p><a href=\"/h/\" title=\"下載申請書\">請點此</a>"
	    "<a href=\"/i/\">請點此下載申請書</a></p>\n", &rc);
	assert_int_equal(count(out, "x/index.html:21:4: error: [HM1240401C]"), 1);
	assert_int_equal(count(out, "x/index.html:21:23: error: [HM1240401C]"), 1);
	assert_int_equal(count(out, "error:"), 2);
	assert_int_equal(count(out, "x/index.html:23:4: warning: 連結文字「請點此」"
	    "看不出連結目的"), 1);
	assert_int_equal(count(out, "「Click Here!」"), 1);
	assert_int_equal(count(out, "「點此。」"), 1);
	assert_int_equal(count(out, "warning:"), 3);
	assert_int_equal(rc, -1);
	free(out);
}

static void
test_document(void **state)
{
	char *out;
	int rc;

	(void)state;
	out = run("<!DOCTYPE html>\n<html>\n<head>\n<title> </title>\n</head>\n"
	    "<body>\n<main id=\"m\"><h1>x</h1>\n"
	    "<p lang=\"\">a</p><p lang=\"en-US\">b</p><p lang=\"zh_TW\">c</p>\n"
	    "<iframe src=\"https://map.example/\"></iframe>\n"
	    "<iframe src=\"https://map.example/\" title=\"地圖\"></iframe>\n"
	    "</main></body></html>\n", &rc);
	assert_int_equal(count(out, "x/index.html:2:1: error: [HM1310100C] "
	    "網頁根組件需有語言(lang)屬性"), 1);
	assert_int_equal(count(out, "x/index.html:4:1: error: [HM1240200C]"), 1);
	assert_int_equal(count(out, "x/index.html:8:1: error: [HM2310200C]"), 1);
	assert_int_equal(count(out, "x/index.html:8:38: error: [HM2310200C]"), 1);
	assert_int_equal(count(out, "x/index.html:9:1: error: [HM1410201C]"), 1);
	assert_int_equal(count(out, "[HM1410201C]"), 1);
	assert_int_equal(count(out, "tidy"), 0);
	free(out);

	out = run("<!DOCTYPE html>\n<html lang=\"zh-Hant-TW-\"><head></head>"
	    "<body><main id=\"m\"><h1>x</h1></main></body></html>\n", &rc);
	assert_int_equal(count(out, "error: [HM1310100C]"), 1);
	assert_int_equal(count(out, "(the page has no <title>)"), 1);
	free(out);
}

/* Replace the first `from` in html by `to`. */
static char *
edit(const char *html, const char *from, const char *to)
{
	const char *at = strstr(html, from);
	struct buf b = BUF_INIT;

	assert_non_null(at);
	buf_append(&b, html, (size_t)(at - html));
	buf_puts(&b, to);
	buf_puts(&b, at + strlen(from));
	return buf_detach(&b);
}

static void
test_nav(void **state)
{
	static const char *const lists =
	    "<ul>\n<li><a href=\"/a/\">甲</a></li>\n"
	    "<li> <a href=\"/b/\">乙</a> </li>\n</ul>\n"
	    "<ul><li><a href=\"/a/\">甲</a> 115-01-05</li>"
	    "<li><a href=\"/b/\">乙</a></li></ul>\n"
	    "<ol><li><a href=\"/a/\">甲</a></li></ol>\n"
	    "<div role=\"navigation\"><ul><li><a href=\"/a/\">甲</a></li>"
	    "<li><a href=\"/b/\">乙</a></li></ul></div>\n";
	struct check_source src;
	char *html, *footer, *out;
	int rc;

	(void)state;
	/* in the footer: navigation, so it belongs in <nav> */
	html = page("", "");
	{
		struct buf b = BUF_INIT;

		buf_puts(&b, lists);
		buf_puts(&b, "<p>地址：");
		footer = edit(html, "<p>地址：", buf_cstr(&b));
		buf_free(&b);
	}
	out = run(footer, &rc);
	assert_int_equal(count(out, "x/index.html:25:1: warning: [HM1240102C] "
	    "以導覽<nav>標籤將相關鏈結組件做分群 (a list of links outside "
	    "<nav> and <main>)"), 1);
	assert_int_equal(count(out, "warning:"), 1);
	assert_int_equal(rc, 0);
	free(out);

	/* a list of links written in Markdown is content, not navigation */
	memset(&src, 0, sizeof(src));
	src.out_path = "x/index.html";
	src.frag_start = (size_t)(strstr(footer, lists) - footer);
	src.frag_end = src.frag_start + 10;
	out = run_src(footer, &src, &rc);
	assert_string_equal(out, "");
	free(out);
	free(footer);
	free(html);

	/* in <main> it is the page's content (a section's list of pages) */
	out = body_report(lists, &rc);
	assert_string_equal(out, "");
	free(out);
}

static char *
edited_report(const char *from, const char *to)
{
	char *html = page("", ""), *e = edit(html, from, to), *out;

	out = run(e, NULL);
	free(html);
	free(e);
	return out;
}

static void
test_guide_tiles(void **state)
{
	char *out;

	(void)state;
	/* no skip link: the first focusable element is the U anchor */
	out = edited_report("<a class=\"skip-link\" href=\"#C\">跳到主要內容區塊</a>\n",
	    "");
	assert_int_equal(count(out, "x/index.html:9:1: error: 導盲磚：第一個可"
	    "聚焦的元素應是跳到主要內容區塊"), 1);
	assert_int_equal(count(out, "error:"), 1);
	free(out);

	/* a skip link to somewhere outside <main> */
	out = edited_report("href=\"#C\">跳到", "href=\"#U\">跳到");
	assert_int_equal(count(out, "x/index.html:8:1: error: 導盲磚"), 1);
	free(out);
	out = edited_report("<main id=\"main\">", "<div id=\"main\">");
	assert_int_equal(count(out, "error: 導盲磚：第一個"), 1);
	assert_int_equal(count(out, "error: 導盲磚：缺少中央內容區"), 0);
	assert_int_equal(count(out, "warning: 導盲磚：accesskey=\"C\" 應在中央"
	    "內容區 <main> 內"), 1);
	free(out);

	/* missing U, C not first in main, Z outside the footer */
	out = edited_report(" accesskey=\"U\"", "");
	assert_int_equal(count(out, "x/index.html:9:1: error: 導盲磚：缺少上方"
	    "功能區的 accesskey=\"U\" 定位點"), 1);
	free(out);
	out = edited_report("<main id=\"main\">\n",
	    "<main id=\"main\">\n<a href=\"/x/\">x</a>\n");
	assert_int_equal(count(out, "x/index.html:18:1: warning: 導盲磚："
	    "accesskey=\"C\" 應是中央內容區 <main> 的第一個可聚焦元素"), 1);
	free(out);
	out = edited_report("<footer>\n<a href=\"#Z\" id=\"Z\" accesskey=\"Z\" "
	    "title=\"下方功能區\">:::</a>\n", "<a href=\"#Z\" id=\"Z\" "
	    "accesskey=\"Z\" title=\"下方功能區\">:::</a>\n<footer>\n");
	assert_int_equal(count(out, "x/index.html:23:1: warning: 導盲磚："
	    "accesskey=\"Z\" 應在下方功能區 <footer> 內"), 1);
	assert_int_equal(count(out, "error:"), 0);
	free(out);
	out = edited_report(" accesskey=\"Z\"", "");
	assert_int_equal(count(out, "x/index.html:23:1: error: 導盲磚：缺少下方"
	    "功能區的 accesskey=\"Z\" 定位點"), 1);
	free(out);
}

static void
test_tidy(void **state)
{
	char *out;
	int rc;

	(void)state;
	out = body_report("<p>文字<foo>未知</foo></p>\n", &rc);
	assert_int_equal(count(out, "x/index.html:21:6: error: HTML 檢查 (tidy): "
	    "<foo> is not recognized!"), 1);
	assert_int_equal(count(out, "warning: HTML 檢查 (tidy): discarding "
	    "unexpected <foo>"), 1);
	assert_int_equal(rc, -1);
	free(out);

	/* a space is not allowed in a URL; Chinese is */
	out = body_report("<p><a href=\"/a b/\">甲</a><a href=\"/申請/\">乙</a>"
	    "</p>\n", &rc);
	assert_int_equal(count(out, "x/index.html:21:4: warning: HTML 檢查 (tidy)"),
	    2);
	assert_int_equal(count(out, "21:23"), 0);
	assert_int_equal(rc, 0);
	free(out);

	/* too deep for libtidy (its time grows with the square of the
	 * depth): skipped with a warning where the depth passed 1000 */
	{
		struct buf b = BUF_INIT;
		int i;

		buf_puts(&b, "<div>\n");
		for (i = 0; i < 1200; i++)
			buf_puts(&b, "<blockquote>");
		buf_puts(&b, "<p>深</p>");
		for (i = 0; i < 1200; i++)
			buf_puts(&b, "</blockquote>");
		buf_puts(&b, "\n</div>\n");
		out = body_report(buf_cstr(&b), &rc);
		buf_free(&b);
	}
	assert_int_equal(count(out, "x/index.html:22:"), 1);
	assert_int_equal(count(out, "warning: HTML 檢查 (tidy)：巢狀超過 1000 層"),
	    1);
	assert_int_equal(count(out, "\n"), 1);
	assert_int_equal(rc, 0);
	free(out);

	/* an inline SVG's content is not shown to libtidy (5.6 does not
	 * check SVG: an unknown element inside passes all the same); what
	 * it finds after it is placed as before */
	out = body_report("<svg role=\"img\" aria-label=\"流程圖\" "
	    "viewBox=\"0 0 9 9\"><g>\n<circle cx=\"3\" cy=\"3\" r=\"2\">"
	    "</circle><bar/></g></svg>\n<p>文字<foo>未知</foo></p>\n", &rc);
	assert_int_equal(count(out, "svg"), 0);
	assert_int_equal(count(out, "bar"), 0);
	assert_int_equal(count(out, "x/index.html:23:6: error: HTML 檢查 (tidy): "
	    "<foo> is not recognized!"), 1);
	assert_int_equal(rc, -1);
	free(out);
}

/* libtidy is not run on a text it said nothing about before
 * (check_source.tidy_clean); our rules always run */
static void
test_tidy_clean(void **state)
{
	char *clean = page("", "<p>文字</p>\n");
	char *bad = page("", "<p>文字<foo>未知</foo></p>\n<img src=\"a.png\">\n");
	struct check_source src;
	uint64_t d1 = 7, d2 = 7, d3 = 7;
	char *out;
	int rc;

	(void)state;
	memset(&src, 0, sizeof(src));
	src.out_path = "x/index.html";
	src.tidy_digest = &d1;
	out = run_src(clean, &src, &rc);
	assert_string_equal(out, "");
	assert_true(d1 != 0 && d1 != 7);
	free(out);
	/* a text with libtidy's reports has no digest */
	src.tidy_digest = &d2;
	out = run_src(bad, &src, &rc);
	assert_int_equal(count(out, "<foo> is not recognized"), 1);
	assert_true(count(out, "alt") > 0);
	assert_int_equal(d2, 0);
	free(out);
	/* the same clean text again: the same digest */
	src.tidy_clean = d1;
	src.tidy_digest = &d3;
	out = run_src(clean, &src, &rc);
	assert_string_equal(out, "");
	assert_true(d3 == d1);
	free(out);
	/* the promise is the caller's: told that the bad text (nothing is
	 * hidden in it) was clean, libtidy is not run, and our rules are */
	src.tidy_clean = hash64(bad, strlen(bad)) | 1;
	out = run_src(bad, &src, &rc);
	assert_int_equal(count(out, "tidy"), 0);
	assert_true(count(out, "alt") > 0);
	free(out);
	free(clean);
	free(bad);
}

static void
test_options(void **state)
{
	struct check_options opt;
	struct checker *c;
	struct capture cap;
	char *html = page("", "<p><img src=\"a.png\"><foo>x</foo></p>\n"), *out;

	(void)state;
	memset(&opt, 0, sizeof(opt));
	opt.no_rules = 1;
	c = checker_new(&opt);
	capture_start(&cap);
	check_page(c, html, strlen(html), NULL);
	out = capture_end(&cap);
	checker_free(c);
	assert_int_equal(count(out, "tidy"), 3);
	assert_int_equal(count(out, "HM1110100C"), 0);
	free(out);

	opt.no_rules = 0;
	opt.no_tidy = 1;
	c = checker_new(&opt);
	capture_start(&cap);
	check_page(c, html, strlen(html), NULL);
	out = capture_end(&cap);
	checker_free(c);
	assert_int_equal(count(out, "tidy"), 0);
	/* no source at all: positions in the page, no path */
	assert_int_equal(count(out, "gongkai:21:4: error: [HM1110100C]"), 1);
	free(out);
	free(html);
}

/* Under --strict every warning is an error. */
static void
test_strict(void **state)
{
	char *out;
	int rc;

	(void)state;
	diag_reset();
	diag_set_strict(1);
	out = body_report("<p><a href=\"/e/\">請點此</a></p>\n", &rc);
	diag_set_strict(0);
	assert_int_equal(count(out, "error: 連結文字「請點此」"), 1);
	assert_int_equal(diag_errors(), 1);
	assert_int_equal(diag_warnings(), 0);
	free(out);
	diag_reset();
}

/* Markdown through markdown_render, the page through a mapped template:
 * findings land on Markdown lines and template lines; a template line is
 * reported once however many pages use it. */
static void
test_source_maps(void **state)
{
	static const char *const md_text =
	    "第一段。\n"
	    "\n"
	    "第二段有一張<img src=\"a.png\">圖。\n"
	    "\n"
	    "#### 跳級\n"
	    "\n"
	    "<table>\n"
	    "<tr><th>a</th></tr>\n"
	    "</table>\n";
	static const char *const tmpl =
	    "<!DOCTYPE html>\n"
	    "<html lang=\"zh-Hant-TW\">\n"
	    "<head><title>{{title}}</title></head>\n"
	    "<body>\n"
	    "<a href=\"#C\">跳到主要內容區塊</a>\n"
	    "<header><a href=\"#U\" id=\"U\" accesskey=\"U\">:::</a></header>\n"
	    "<main id=\"m\">\n"
	    "<a href=\"#C\" id=\"C\" accesskey=\"C\">:::</a>\n"
	    "<h1>{{title}}</h1>\n"
	    "{{{content}}}\n"
	    "<p><a href=\"/\">  </a></p>\n"
	    "</main>\n"
	    "<footer><a href=\"#Z\" id=\"Z\" accesskey=\"Z\">:::</a></footer>\n"
	    "</body>\n"
	    "</html>\n";
	enum markdown_engine engines[] = { MARKDOWN_MD4C, MARKDOWN_CMARK_GFM };
	size_t e, i, page;

	(void)state;
	for (e = 0; e < 2; e++) {
		struct markdown_options o;
		struct markdown_result res;
		struct markdown_srcmap md = { NULL, 0, 0 };
		struct template *t;
		struct checker *c = checker_new(NULL);
		struct capture cap;
		char *out;

		memset(&o, 0, sizeof(o));
		memset(&res, 0, sizeof(res));
		o.engine = engines[e];
		o.allow_html = 1;
		o.path = "content/a.md";
		o.first_line = 5;	/* four lines of front matter */
		o.srcmap = &md;
		assert_int_equal(markdown_render(md_text, strlen(md_text), &o,
		    &res), 0);
		t = template_compile("layouts/page.mustache", tmpl, strlen(tmpl));
		assert_non_null(t);
		capture_start(&cap);
		for (page = 0; page < 2; page++) {
			/* b/ (second in the build) is checked first */
			struct arena a = ARENA_INIT;
			struct value *ctx = value_map(&a);
			struct template_srcmap tm = { NULL, 0, 0 };
			struct buf html = BUF_INIT;
			struct check_source src;

			value_map_str(&a, ctx, "title", "標題");
			value_map_set(&a, ctx, "content",
			    value_string_ref(&a, buf_cstr(&res.html)));
			assert_int_equal(template_render_mapped(t, ctx, NULL,
			    &html, &tm), 0);
			memset(&src, 0, sizeof(src));
			src.out_path = page ? "a/index.html" : "b/index.html";
			src.order = page ? 0 : 1;
			src.md_path = "content/a.md";
			src.md_map = &md;
			src.tmpl_map = &tm;
			for (i = 0; i < tm.n; i++)
				if (tm.v[i].value == buf_cstr(&res.html)) {
					src.frag_start = tm.v[i].off;
					src.frag_end = tm.v[i].off + tm.v[i].len;
				}
			assert_true(src.frag_end > src.frag_start);
			check_page(c, html.data, html.len, &src);
			template_srcmap_free(&tm);
			buf_free(&html);
			arena_free(&a);
		}
		checker_finish(c);	/* template places print at the end */
		out = capture_end(&cap);
		if (getenv("SHOW"))
			printf("----\n%s", out);
		assert_int_equal(count(out, "content/a.md:7:7: error: "
		    "[HM1110100C]"), 2);
		assert_int_equal(count(out, "content/a.md:9:1: error: "
		    "[HM1130100C]"), 2);
		assert_int_equal(count(out, "content/a.md:12:5: error: "
		    "[HM1130101C]"), 2);
		assert_int_equal(count(out, "layouts/page.mustache:11:4: error: "
		    "[HM1240401C]"), 1);
		assert_int_equal(count(out, "（頁面 a/index.html）"), 1);
		assert_int_equal(count(out, "error:"), 7);
		free(out);
		checker_free(c);
		template_free(t);
		markdown_srcmap_free(&md);
		markdown_result_free(&res);
	}
}

/* Markup a template pulls in from elsewhere (another page's content) is
 * held until checker_finish and dropped when its page said the same. */
static void
test_held(void **state)
{
	static const char *const tmpl =
	    "<!DOCTYPE html>\n"
	    "<html lang=\"zh-Hant-TW\">\n"
	    "<head><title>索引</title></head>\n"
	    "<body>\n"
	    "<a href=\"#C\">跳到主要內容區塊</a>\n"
	    "<header><a href=\"#U\" id=\"U\" accesskey=\"U\">:::</a></header>\n"
	    "<main id=\"m\">\n"
	    "<a href=\"#C\" id=\"C\" accesskey=\"C\">:::</a>\n"
	    "<h1>索引</h1>\n"
	    "{{{answer}}}\n"
	    "</main>\n"
	    "<footer><a href=\"#Z\" id=\"Z\" accesskey=\"Z\">:::</a></footer>\n"
	    "</body>\n"
	    "</html>\n";
	const char *answer = "<p><img src=\"a.png\"><iframe src=\"x\"></iframe>"
	    "</p>";
	struct template *t = template_compile("layouts/index.mustache", tmpl,
	    strlen(tmpl));
	struct checker *c = checker_new(NULL);
	struct arena a = ARENA_INIT;
	struct value *ctx = value_map(&a);
	struct template_srcmap tm = { NULL, 0, 0 };
	struct buf html = BUF_INIT;
	struct check_source src;
	struct capture cap;
	char *own, *out;

	(void)state;
	assert_non_null(t);
	value_map_set(&a, ctx, "answer", value_string_ref(&a, answer));
	assert_int_equal(template_render_mapped(t, ctx, NULL, &html, &tm), 0);
	memset(&src, 0, sizeof(src));
	src.out_path = "faq/index.html";
	src.tmpl_map = &tm;
	capture_start(&cap);
	check_page(c, html.data, html.len, &src);
	out = capture_end(&cap);
	assert_string_equal(out, "");	/* held */
	free(out);

	/* the answer's own page reports the image */
	own = page("", "<p><img src=\"a.png\"></p>\n");
	capture_start(&cap);
	check_page(c, own, strlen(own), NULL);
	assert_int_equal(checker_finish(c), -1);
	out = capture_end(&cap);
	assert_int_equal(count(out, "gongkai:21:4: error: [HM1110100C]"), 1);
	assert_int_equal(count(out, "[HM1110100C]"), 1);
	assert_int_equal(count(out, "layouts/index.mustache:10:1: error: "
	    "[HM1410201C]"), 1);
	assert_int_equal(count(out, "（頁面 faq/index.html）"), 1);
	assert_int_equal(count(out, "\n"), 2);
	free(out);
	free(own);
	buf_free(&html);
	template_srcmap_free(&tm);
	arena_free(&a);
	checker_free(c);
	template_free(t);
}

/* libtidy is not shown another page's markup (value_foreign: its own
 * page's check reads it) nor JSON data blocks; what it reports after them
 * is still placed right, and ids the hidden markup repeats are ours to
 * report. */
static void
test_hidden(void **state)
{
	static const char *const tmpl =
	    "<!DOCTYPE html>\n"
	    "<html lang=\"zh-Hant-TW\">\n"
	    "<head><title>索引</title>\n"
	    "<script type=\"application/ld+json\">{{{json}}}</script>\n"
	    "</head>\n"
	    "<body>\n"
	    "<a href=\"#C\">跳到主要內容區塊</a>\n"
	    "<header><a href=\"#U\" id=\"U\" accesskey=\"U\">:::</a></header>\n"
	    "<main id=\"m\">\n"
	    "<a href=\"#C\" id=\"C\" accesskey=\"C\">:::</a>\n"
	    "<h1>索引</h1>\n"
	    "{{{a1}}}\n"
	    "{{{a2}}}\n"
	    "<p>末\t<bar>段</bar></p>\n"
	    "</main>\n"
	    "<footer><a href=\"#Z\" id=\"Z\" accesskey=\"Z\">:::</a></footer>\n"
	    "</body>\n"
	    "</html>\n";
	struct template *t = template_compile("layouts/index.mustache", tmpl,
	    strlen(tmpl));
	struct checker *c = checker_new(NULL);
	struct arena a = ARENA_INIT;
	struct value *ctx = value_map(&a);
	struct template_srcmap tm = { NULL, 0, 0 };
	struct buf html = BUF_INIT;
	struct check_source src;
	struct capture cap;
	char *out;

	(void)state;
	assert_non_null(t);
	value_map_set(&a, ctx, "json", value_string_ref(&a,
	    "{\n\"text\": \"\\u003cp\\u003e<\\/p>\",\n\"n\": 1\n}"));
	value_map_set(&a, ctx, "a1", value_foreign(&a,
	    "<p id=\"dup\">甲<foo>x</foo></p>\n<p>二\n行</p>"));
	value_map_set(&a, ctx, "a2", value_foreign(&a, "<p id=\"dup\">乙</p>"));
	assert_int_equal(template_render_mapped(t, ctx, NULL, &html, &tm), 0);
	memset(&src, 0, sizeof(src));
	src.out_path = "faq/index.html";
	src.tmpl_map = &tm;
	capture_start(&cap);
	check_page(c, html.data, html.len, &src);
	checker_finish(c);
	out = capture_end(&cap);
	if (getenv("SHOW"))
		printf("----\n%s", out);
	/* found after the hidden spans, placed at its template line: the
	 * JSON's and the answers' lines are counted back in (libtidy counts
	 * the tab to the next multiple of 8, we count characters) */
	assert_int_equal(count(out, "layouts/index.mustache:14:6: error: "
	    "HTML 檢查 (tidy): <bar> is not recognized!"), 1);
	assert_int_equal(count(out, "foo"), 0);
	assert_int_equal(count(out, "layouts/index.mustache:13:1: warning: "
	    "HTML 檢查：id「dup」在本頁重複 (duplicate id \"dup\")"), 1);
	assert_int_equal(count(out, "「dup」"), 1);
	assert_int_equal(count(out, "already defined"), 0);
	free(out);
	buf_free(&html);
	template_srcmap_free(&tm);
	arena_free(&a);
	checker_free(c);
	template_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_page),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_headings),
		cmocka_unit_test(test_tables),
		cmocka_unit_test(test_forms),
		cmocka_unit_test(test_links),
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_nav),
		cmocka_unit_test(test_guide_tiles),
		cmocka_unit_test(test_tidy),
		cmocka_unit_test(test_options),
		cmocka_unit_test(test_strict),
		cmocka_unit_test(test_source_maps),
		cmocka_unit_test(test_held),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_tidy_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
