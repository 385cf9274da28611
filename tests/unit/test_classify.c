/* Unit tests for the classification vocabularies (classify.c): parsing,
 * errors at their line:col, the built-in 服務分類, nearest-code
 * suggestions and the checks of a page's codes. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "classify.h"
#include "diag.h"
#include "site.h"

/* Run diagnostics into a buffer instead of the terminal. */
struct capture {
	int	 saved;
	FILE	*tmp;
};

static void
capture_begin(struct capture *c)
{
	fflush(stderr);
	c->saved = dup(2);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	dup2(fileno(c->tmp), 2);
	diag_reset();
}

/* The captured text (caller frees). */
static char *
capture_end(struct capture *c)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->tmp);
	while ((n = fread(chunk, 1, sizeof(chunk), c->tmp)) > 0)
		buf_append(&b, chunk, n);
	fclose(c->tmp);
	return buf_detach(&b);
}

static int
parse(struct classify *c, enum scheme s, const char *text)
{
	return classify_parse(c, s, "classification/x.tsv", text, strlen(text));
}

static void
test_parse_good(void **state)
{
	struct classify c;
	const struct vocab *v;
	const struct vocab_entry *e;

	(void)state;
	classify_init(&c);
	diag_set_quiet(1);
	diag_reset();
	/* BOM, comments, header, CRLF, children before their parent, a
	 * stray Tab at the end */
	assert_int_equal(parse(&c, SCHEME_THEME,
	    "\xEF\xBB\xBF# 示例\r\ncode\tname\tparent_code\r\n"
	    "610\t司法與檢察\t600\r\n"
	    "  # indented comment\n\n"
	    "700\t政府施政\t\n"
	    "600\t公共安全\n"
	    "620\t被害人保護\t600\t\n"
	    "611\t偵查\t610\n"), 0);
	assert_int_equal(diag_errors(), 0);
	assert_int_equal(diag_warnings(), 0);
	v = &c.v[SCHEME_THEME];
	assert_int_equal(v->has_file, 1);
	assert_int_equal(v->n, 5);
	/* display order: parents, each followed by its children by code */
	assert_string_equal(v->e[0].code, "600");
	assert_string_equal(v->e[1].code, "610");
	assert_string_equal(v->e[2].code, "611");
	assert_string_equal(v->e[3].code, "620");
	assert_string_equal(v->e[4].code, "700");
	assert_int_equal(v->e[2].depth, 2);
	assert_int_equal(v->e[2].up, 1);
	assert_int_equal(v->e[1].up, 0);
	assert_int_equal(v->e[0].up, (size_t)-1);
	e = classify_find(v, "610");
	assert_non_null(e);
	assert_string_equal(e->name, "司法與檢察");
	assert_int_equal(e->line, 3);
	assert_null(classify_find(v, "999"));
	/* a header row is only the first row */
	assert_int_equal(parse(&c, SCHEME_CAKE, "C00\t政府管理\ncode\tx\n"), 0);
	assert_non_null(classify_find(&c.v[SCHEME_CAKE], "code"));
	diag_set_quiet(0);
	classify_free(&c);
}

static void
test_builtin_service(void **state)
{
	struct classify c;
	const struct vocab *v;
	struct capture cap;
	char *out;

	(void)state;
	classify_init(&c);
	v = &c.v[SCHEME_SERVICE];
	assert_int_equal(v->n, 18);
	assert_int_equal(v->has_file, 0);
	assert_string_equal(v->e[0].code, "100");
	assert_string_equal(v->e[17].code, "I00");
	assert_string_equal(classify_find(v, "I00")->name, "公共資訊");
	assert_string_equal(classify_find(v, "E00")->name, "生活安全及品質");
	assert_int_equal(classify_find(v, "A00")->line, 0);
	assert_int_equal(c.v[SCHEME_THEME].n, 0);
	assert_int_equal(c.v[SCHEME_CAKE].n, 0);

	/* a site file extends it: new second-level codes, the same name
	 * again silently, a different name with a warning */
	capture_begin(&cap);
	assert_int_equal(parse(&c, SCHEME_SERVICE,
	    "E41\t犯罪被害保護\tE00\nI00\t公共資訊\t\nB00\t醫療\t\n"), 0);
	out = capture_end(&cap);
	assert_int_equal(diag_errors(), 0);
	assert_int_equal(diag_warnings(), 1);
	assert_non_null(strstr(out, "classification/x.tsv:3:5: warning: "));
	assert_non_null(strstr(out, "「就醫」"));
	free(out);
	assert_int_equal(v->n, 19);
	assert_string_equal(classify_find(v, "B00")->name, "醫療");
	assert_int_equal(classify_find(v, "E41")->depth, 1);
	/* E41 follows its parent E00 */
	assert_string_equal(v->e[13].code, "E00");
	assert_string_equal(v->e[14].code, "E41");
	diag_reset();
	classify_free(&c);
}

static void
test_parse_errors(void **state)
{
	struct classify c;
	struct capture cap;
	char *out;

	(void)state;
	classify_init(&c);
	capture_begin(&cap);
	assert_int_equal(parse(&c, SCHEME_THEME,
	    "code\tname\tparent_code\n"		/* 1 header */
	    "600\t公共安全\t\n"			/* 2 */
	    "610 司法\n"			/* 3 no Tab */
	    "620\t名稱\t600\t多餘\n"		/* 4 too many fields */
	    "6 1\t空白\t600\n"			/* 5 invalid code */
	    "600\t重複\t\n"			/* 6 duplicate */
	    "630\t\t600\n"			/* 7 no name */
	    "640\t上層不存在\t650\n"		/* 8 unknown parent */
	    "700\t甲\t710\n"			/* 9 cycle */
	    "710\t乙\t700\n"			/* 10 */
	    "720\t自己\t720\n"			/* 11 own parent */
	    "\xC3\x28\tbad\t\n"			/* 12 invalid UTF-8 */
	    "740\t中文名稱\t-x\n"), -1);	/* 13 invalid parent */
	out = capture_end(&cap);
	assert_non_null(strstr(out, "classification/x.tsv:3:1: error: "));
	assert_non_null(strstr(out, "classification/x.tsv:4:12: error: "));
	assert_non_null(strstr(out, "(too many fields)"));
	assert_non_null(strstr(out, "classification/x.tsv:5:1: error: "));
	assert_non_null(strstr(out, "(invalid code)"));
	assert_non_null(strstr(out, "classification/x.tsv:6:1: error: "));
	assert_non_null(strstr(out, "first defined at line 2"));
	assert_non_null(strstr(out, "classification/x.tsv:7:5: error: "));
	assert_non_null(strstr(out, "classification/x.tsv:8:11: error: "));
	assert_non_null(strstr(out, "unknown parent code 650; nearest: 600, 640"));
	assert_non_null(strstr(out, "classification/x.tsv:9:7: error: "));
	assert_non_null(strstr(out, "(parent codes form a cycle)"));
	assert_non_null(strstr(out, "classification/x.tsv:11:8: error: "));
	assert_non_null(strstr(out, "(code is its own parent)"));
	assert_non_null(strstr(out, "classification/x.tsv:12:1: error: "));
	assert_non_null(strstr(out, "(invalid UTF-8)"));
	/* columns count characters: 中文名稱 is four */
	assert_non_null(strstr(out, "classification/x.tsv:13:10: error: "));
	assert_int_equal(diag_errors(), 10);	/* one per cycle */
	free(out);
	/* the good rows are kept; the cycle's codes stay usable */
	assert_non_null(classify_find(&c.v[SCHEME_THEME], "600"));
	assert_non_null(classify_find(&c.v[SCHEME_THEME], "710"));
	assert_null(classify_find(&c.v[SCHEME_THEME], "620"));
	diag_reset();
	classify_free(&c);
}

static void
test_nearest(void **state)
{
	struct classify c;
	const struct vocab_entry *near[5];
	const struct vocab *v;
	size_t n;

	(void)state;
	classify_init(&c);
	diag_set_quiet(1);
	assert_int_equal(parse(&c, SCHEME_THEME, "600\t公共安全\t\n"
	    "610\t司法與檢察\t600\n630\t刑罰執行\t600\n700\t政府施政\t\n"
	    "770\t政府資訊公開\t700\n"), 0);
	diag_set_quiet(0);
	v = &c.v[SCHEME_THEME];
	/* one edit away first; then what is nearly as near, longest
	 * shared prefix first */
	n = classify_nearest(v, "611", near, 5);
	assert_true(n >= 1);
	assert_string_equal(near[0]->code, "610");
	assert_int_equal(n, 3);
	assert_string_equal(near[1]->code, "600");
	assert_string_equal(near[2]->code, "630");
	n = classify_nearest(v, "77", near, 5);
	assert_string_equal(near[0]->code, "770");
	/* a name instead of a code, or the wrong case: that code alone */
	n = classify_nearest(v, "司法與檢察", near, 5);
	assert_int_equal(n, 1);
	assert_string_equal(near[0]->code, "610");
	n = classify_nearest(&c.v[SCHEME_SERVICE], "i00", near, 5);
	assert_int_equal(n, 1);
	assert_string_equal(near[0]->code, "I00");
	n = classify_nearest(&c.v[SCHEME_SERVICE], "E01", near, 2);
	assert_int_equal(n, 2);
	assert_string_equal(near[0]->code, "E00");
	/* never more than asked, nothing from an empty vocabulary */
	assert_int_equal(classify_nearest(v, "xyz", near, 2), 2);
	assert_int_equal(classify_nearest(&c.v[SCHEME_CAKE], "C21", near, 5), 0);
	classify_free(&c);
}

static void
test_check_page(void **state)
{
	struct classify c;
	struct capture cap;
	struct page p;
	struct srcpos tp[3] = { { 4, 9 }, { 4, 16 }, { 4, 23 } };
	struct srcpos cp[1] = { { 5, 8 } };
	const char *theme[3] = { "611", "610", "610" };
	const char *cake[1] = { "C21" };
	char *out;

	(void)state;
	classify_init(&c);
	diag_set_quiet(1);
	parse(&c, SCHEME_THEME, "600\t公共安全\t\n610\t司法與檢察\t600\n");
	diag_set_quiet(0);
	memset(&p, 0, sizeof(p));
	p.path = "content/faq/x.md";
	p.theme.v = theme;
	p.theme.pos = tp;
	p.theme.n = 3;
	p.cake.v = cake;
	p.cake.pos = cp;
	p.cake.n = 1;
	p.service_pos.line = 6;
	p.service_pos.col = 1;

	capture_begin(&cap);
	assert_int_equal(classify_check_page(&c, &p), 2);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "content/faq/x.md:4:9: error: "
	    "主題分類沒有代碼「611」；最接近的有效代碼：610 司法與檢察"));
	assert_non_null(strstr(out, "nearest valid codes: 610"));
	assert_non_null(strstr(out, "content/faq/x.md:4:23: warning: "));
	assert_non_null(strstr(out, "(code listed twice)"));
	/* no cake.tsv: the message says so */
	assert_non_null(strstr(out, "content/faq/x.md:5:8: error: "));
	assert_non_null(strstr(out, "there is no classification/cake.tsv"));
	/* service is missing: a warning at the empty key */
	assert_non_null(strstr(out, "content/faq/x.md:6:1: warning: "));
	assert_non_null(strstr(out, "(missing classification: service)"));
	assert_int_equal(diag_errors(), 2);
	assert_int_equal(diag_warnings(), 2);
	free(out);
	/* the repeat was dropped */
	assert_int_equal(p.theme.n, 2);

	/* --strict: a missing classification is an error */
	p.theme.n = 0;
	p.cake.n = 0;
	p.service_pos.line = 0;
	diag_set_strict(1);
	capture_begin(&cap);
	assert_int_equal(classify_check_page(&c, &p), 0);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "content/faq/x.md:1:1: error: "));
	assert_non_null(strstr(out, "(missing classification: theme, cake, "
	    "service)"));
	assert_int_equal(diag_errors(), 1);
	free(out);
	diag_set_strict(0);
	diag_reset();
	classify_free(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_good),
		cmocka_unit_test(test_builtin_service),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test(test_nearest),
		cmocka_unit_test(test_check_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
