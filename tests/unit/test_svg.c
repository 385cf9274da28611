/* Unit tests for svg.c: well-formed XML, deterministic output, the
 * accessible name and description, escaping, wrapping, and the contrast
 * of every colour the pictures use. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "svg.h"

/* ------------------------------------------------------------------ */
/* A small XML well-formedness check: balanced tags, quoted attributes,
 * known entities, no stray '<' or '&'. Returns NULL or what is wrong.   */

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_' ||
	    c == '.';
}

static const char *
check_entity(const char **sp)
{
	static const char *const ok[] = { "&amp;", "&lt;", "&gt;", "&quot;",
	    "&apos;", NULL };
	const char *s = *sp;
	size_t i;

	for (i = 0; ok[i] != NULL; i++)
		if (strncmp(s, ok[i], strlen(ok[i])) == 0) {
			*sp = s + strlen(ok[i]);
			return NULL;
		}
	if (s[1] == '#') {
		const char *e = strchr(s, ';');

		if (e != NULL && e - s < 10) {
			*sp = e + 1;
			return NULL;
		}
	}
	return "bad entity";
}

static const char *
xml_check(const char *s)
{
	const char *stack[64];
	size_t stlen[64], depth = 0, n;
	int root_done = 0;

	while (*s != '\0') {
		if (*s == '&') {
			const char *e = check_entity(&s);

			if (e != NULL)
				return e;
			continue;
		}
		if (*s != '<') {
			if (root_done && *s != '\n' && *s != ' ')
				return "text after the root element";
			s++;
			continue;
		}
		if (s[1] == '/') {
			s += 2;
			for (n = 0; name_char(s[n]); n++)
				;
			if (depth == 0 || stlen[depth - 1] != n ||
			    strncmp(stack[depth - 1], s, n) != 0)
				return "mismatched end tag";
			depth--;
			s += n;
			if (*s != '>')
				return "bad end tag";
			s++;
			if (depth == 0)
				root_done = 1;
			continue;
		}
		s++;
		for (n = 0; name_char(s[n]); n++)
			;
		if (n == 0)
			return "stray <";
		if (root_done)
			return "second root element";
		stack[depth] = s;
		stlen[depth] = n;
		s += n;
		for (;;) {
			while (*s == ' ' || *s == '\n')
				s++;
			if (*s == '>') {
				if (++depth >= 64)
					return "too deep";
				s++;
				break;
			}
			if (s[0] == '/' && s[1] == '>') {
				s += 2;
				if (depth == 0)
					root_done = 1;
				break;
			}
			for (n = 0; name_char(s[n]); n++)
				;
			if (n == 0 || s[n] != '=' || s[n + 1] != '"')
				return "attribute without a quoted value";
			s += n + 2;
			while (*s != '"') {
				if (*s == '\0' || *s == '<')
					return "unterminated attribute";
				if (*s == '&') {
					const char *e = check_entity(&s);

					if (e != NULL)
						return e;
					continue;
				}
				s++;
			}
			s++;
		}
	}
	return depth == 0 && root_done ? NULL : "unclosed element";
}

static void
test_xml_checker(void **state)
{
	(void)state;
	assert_null(xml_check("<a x=\"1\"><b/>t &amp; u</a>"));
	assert_non_null(xml_check("<a><b></a>"));
	assert_non_null(xml_check("<a x=1></a>"));
	assert_non_null(xml_check("<a>x & y</a>"));
	assert_non_null(xml_check("<a>x < y</a>"));
	assert_non_null(xml_check("<a></a><b></b>"));
}

/* ------------------------------------------------------------------ */
/* WCAG contrast                                                       */

/* y^(1/5) by Newton's method (0 < y <= 1): no libm in the tests */
static double
root5(double y)
{
	double r = 1;
	int i;

	for (i = 0; i < 60; i++)
		r -= (r * r * r * r * r - y) / (5 * r * r * r * r);
	return r;
}

static double
channel(int c)
{
	double v = c / 255.0, x;

	if (v <= 0.03928)
		return v / 12.92;
	x = (v + 0.055) / 1.055;
	return x * x * root5(x * x);	/* x^2.4 */
}

static double
luminance(const char *hex)
{
	unsigned r, g, b;

	assert_int_equal(sscanf(hex, "#%02x%02x%02x", &r, &g, &b), 3);
	return 0.2126 * channel((int)r) + 0.7152 * channel((int)g) +
	    0.0722 * channel((int)b);
}

static double
fabs_(double d)
{
	return d < 0 ? -d : d;
}

static double
contrast(const char *a, const char *b)
{
	double x = luminance(a), y = luminance(b);

	return x > y ? (x + 0.05) / (y + 0.05) : (y + 0.05) / (x + 0.05);
}

static void
test_palette(void **state)
{
	int st;

	(void)state;
	/* the formula, on known pairs */
	assert_true(fabs_(contrast("#000000", "#ffffff") - 21.0) < 0.01);
	assert_true(fabs_(contrast("#767676", "#ffffff") - 4.54) < 0.01);
	/* graphics against the white page: at least 3:1 (WCAG 1.4.11) */
	for (st = 0; st < NSTATUS; st++)
		assert_true(contrast(svg_status_colour((enum item_status)st),
		    "#ffffff") >= 3.0);
	/* every state is told apart by its pattern and its name too */
	assert_true(contrast("#1f2328", "#ffffff") >= 4.5);	/* labels */
	assert_true(contrast("#1f4e79", "#ffffff") >= 4.5);	/* step number */
	assert_true(contrast("#1f4e79", "#eef4fb") >= 3.0);	/* box edge */
	assert_true(contrast("#1f2328", "#eef4fb") >= 4.5);	/* step text */
}

/* ------------------------------------------------------------------ */

static const struct svg_progress_row rows[] = {
	{ "一-1", { STATUS_DONE, STATUS_DONE, STATUS_IN_PROGRESS, STATUS_NONE } },
	{ "A&B<2>", { STATUS_NOT_STARTED, STATUS_BEHIND, STATUS_NONE,
	    STATUS_NONE } },
};

static void
progress(struct buf *b, const char *described_by)
{
	struct svg_progress pr;

	memset(&pr, 0, sizeof(pr));
	pr.id = "gk-p";
	pr.title = "執行進度圖 \"104\"";
	pr.desc = "第2季止：完成 1 項 & 落後 1 項";
	pr.described_by = described_by;
	pr.columns[0] = "第1季";
	pr.columns[1] = "第2季";
	pr.columns[2] = "第3季";
	pr.columns[3] = "第4季";
	pr.rows = rows;
	pr.nrows = 2;
	svg_progress_chart(b, &pr);
}

static void
test_progress_chart(void **state)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	const char *s;
	int st;

	(void)state;
	progress(&a, "gk-table");
	progress(&b, "gk-table");
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));	/* deterministic */
	s = buf_cstr(&a);
	assert_null(xml_check(s));
	assert_non_null(strstr(s, "<svg xmlns=\"http://www.w3.org/2000/svg\""));
	assert_non_null(strstr(s, " role=\"img\""));
	assert_non_null(strstr(s, " aria-labelledby=\"gk-p-title\""));
	assert_non_null(strstr(s, " aria-describedby=\"gk-table\""));
	assert_non_null(strstr(s, "<title id=\"gk-p-title\">執行進度圖 &quot;104&quot;"
	    "</title>"));
	assert_non_null(strstr(s, "<desc id=\"gk-p-desc\">第2季止：完成 1 項 &amp; "
	    "落後 1 項</desc>"));
	assert_non_null(strstr(s, ">A&amp;B&lt;2&gt;</text>"));
	assert_null(strstr(s, "<script"));
	assert_null(strstr(s, "href"));
	for (st = 0; st < NSTATUS; st++) {
		char label[64];

		snprintf(label, sizeof(label), ">%s</text>",
		    kinds_status_label((enum item_status)st));
		assert_non_null(strstr(s, label));	/* legend and cells */
	}
	/* five patterns, one per state */
	assert_non_null(strstr(s, "id=\"gk-p-solid\""));
	assert_non_null(strstr(s, "id=\"gk-p-stripes\""));
	assert_non_null(strstr(s, "id=\"gk-p-crosshatch\""));
	assert_non_null(strstr(s, "id=\"gk-p-dots\""));
	assert_non_null(strstr(s, "id=\"gk-p-none\""));
	assert_non_null(strstr(s, "fill=\"url(#gk-p-crosshatch)\""));

	/* without a text alternative on the page, the <desc> describes it */
	buf_reset(&b);
	progress(&b, NULL);
	assert_non_null(strstr(buf_cstr(&b), " aria-describedby=\"gk-p-desc\""));
	assert_null(xml_check(buf_cstr(&b)));
	buf_free(&a);
	buf_free(&b);
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* The text of each <tspan> of s, in order, with &amp; &lt; &gt; undone. */
static size_t
tspans(const char *s, char out[][256], size_t max)
{
	static const char *const ent[][2] = { { "&amp;", "&" },
	    { "&lt;", "<" }, { "&gt;", ">" } };
	size_t n = 0, k, e;

	while (n < max && (s = strstr(s, "<tspan")) != NULL) {
		const char *t = strchr(s, '>') + 1, *end = strstr(t, "</tspan>");

		for (k = 0; t < end && k < 255;) {
			for (e = 0; e < 3; e++)
				if (strncmp(t, ent[e][0], strlen(ent[e][0])) == 0)
					break;
			if (e < 3) {
				out[n][k++] = ent[e][1][0];
				t += strlen(ent[e][0]);
			} else {
				out[n][k++] = *t++;
			}
		}
		out[n++][k] = '\0';
		s = end;
	}
	return n;
}

static void
test_flowchart(void **state)
{
	static const char *const steps[] = {
		"填寫聲請書",
		"書記官調閱卷宗，陳送承辦檢察官核示准駁範圍；卷內涉及他人個人資料"
		    "或依法應限制公開之部分，將予遮蔽或不提供。",
		"Fill in form A&B <online> at the counter, then wait for the "
		    "clerk to call your number",
	};
	struct buf a = BUF_INIT, b = BUF_INIT;
	char lines[32][256];
	const char *s;
	size_t n, i;

	(void)state;
	svg_flowchart(&a, "gk-f", "閱卷作業流程圖", "共 3 個步驟", "gk-steps",
	    steps, 3);
	svg_flowchart(&b, "gk-f", "閱卷作業流程圖", "共 3 個步驟", "gk-steps",
	    steps, 3);
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	s = buf_cstr(&a);
	assert_null(xml_check(s));
	assert_non_null(strstr(s, " role=\"img\""));
	assert_non_null(strstr(s, " aria-labelledby=\"gk-f-title\""));
	assert_non_null(strstr(s, " aria-describedby=\"gk-steps\""));
	assert_non_null(strstr(s, "<title id=\"gk-f-title\">閱卷作業流程圖</title>"));
	assert_non_null(strstr(s, "<desc id=\"gk-f-desc\">共 3 個步驟</desc>"));
	assert_non_null(strstr(s, "marker-end=\"url(#gk-f-arrow)\""));
	/* two arrows between three boxes, numbered 1 to 3 */
	assert_non_null(strstr(s, ">3</text>"));
	assert_int_equal(count(s, "marker-end="), 2);
	assert_int_equal(count(s, "<rect "), 3);
	/* long steps wrap; every line fits; nothing is lost */
	n = tspans(s, lines, 32);
	assert_true(n > 4);
	{
		struct buf all = BUF_INIT;

		for (i = 0; i < n; i++) {
			assert_true(svg_text_width(lines[i], strlen(lines[i])) *
			    15 / 100 <= 360 - 8 - 10 - 54 + 15);
			buf_puts(&all, lines[i]);
		}
		assert_non_null(strstr(buf_cstr(&all), "聲請書書記官調閱卷宗"));
		assert_non_null(strstr(buf_cstr(&all), "A&B <online>"));
		buf_free(&all);
	}
	/* closing punctuation never starts a line */
	for (i = 0; i < n; i++) {
		assert_true(strncmp(lines[i], "，", strlen("，")) != 0);
		assert_true(strncmp(lines[i], "。", strlen("。")) != 0);
		assert_true(lines[i][0] != ' ');
	}
	buf_free(&a);
	buf_free(&b);
}

static void
test_text_width(void **state)
{
	(void)state;
	assert_int_equal(svg_text_width("ab", 2), 110);
	assert_int_equal(svg_text_width("中文", strlen("中文")), 200);
	assert_int_equal(svg_text_width("（1）", strlen("（1）")), 255);
	assert_int_equal(svg_text_width("", 0), 0);
	/* a broken sequence counts, and never reads past the end */
	assert_int_equal(svg_text_width("\xE4\xB8", 2), 155);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_checker),
		cmocka_unit_test(test_palette),
		cmocka_unit_test(test_progress_chart),
		cmocka_unit_test(test_flowchart),
		cmocka_unit_test(test_text_width),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
