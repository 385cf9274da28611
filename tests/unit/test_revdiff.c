/* Unit tests for revdiff: edit scripts, blocks, character marks. */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "revdiff.h"

static char *
script(const char *a, const char *b)
{
	unsigned x[64], y[64];
	size_t i, n;

	for (i = 0; a[i]; i++)
		x[i] = (unsigned char)a[i];
	for (i = 0; b[i]; i++)
		y[i] = (unsigned char)b[i];
	return revdiff_script(x, strlen(a), y, strlen(b), &n);
}

static void
test_script(void **state)
{
	char *s;

	(void)state;
	s = script("abc", "abc");
	assert_string_equal(s, "===");
	free(s);
	s = script("abc", "axc");
	assert_string_equal(s, "=-+=");
	free(s);
	s = script("", "ab");
	assert_string_equal(s, "++");
	free(s);
	s = script("ab", "");
	assert_string_equal(s, "--");
	free(s);
	/* kept symbols are a longest common subsequence */
	s = script("abcabba", "cbabac");
	size_t keep = 0, i;
	for (i = 0; s[i]; i++)
		keep += s[i] == '=';
	assert_int_equal(keep, 4);
	free(s);
}

static void
test_unchanged(void **state)
{
	struct buf out = BUF_INIT;
	struct revdiff_stats st;
	const char *t = "第一段。\n\n第二段。\n";

	(void)state;
	revdiff_html(t, strlen(t), t, strlen(t), NULL, &out, &st);
	assert_int_equal(st.same, 2);
	assert_int_equal(st.added + st.removed + st.changed, 0);
	assert_null(strstr(out.data, "<ins>"));
	assert_null(strstr(out.data, "<del>"));
	buf_free(&out);
}

static void
test_added_removed_changed(void **state)
{
	struct buf out = BUF_INIT;
	struct revdiff_stats st;
	const char *a = "服務時間為上午八點。\n\n舊的段落整段刪除了。\n\n不變的段落。\n";
	const char *b = "服務時間為上午八點半。\n\n不變的段落。\n\n全新加入的一段說明文字。\n";

	(void)state;
	revdiff_html(a, strlen(a), b, strlen(b), NULL, &out, &st);
	assert_int_equal(st.same, 1);
	assert_int_equal(st.changed, 1);
	assert_int_equal(st.removed, 1);
	assert_int_equal(st.added, 1);
	/* the change inside a paragraph is one character */
	assert_non_null(strstr(out.data, "服務時間為上午八點<ins><span class=\"visually-hidden\">新增：</span>半<span class=\"visually-hidden\">（新增結束）</span></ins>。"));
	assert_non_null(strstr(out.data, "<div class=\"diff-removed\"><del><span class=\"visually-hidden\">刪除：</span><p class=\"diff-text\">舊的段落整段刪除了。</p>"));
	assert_non_null(strstr(out.data, "<div class=\"diff-added\"><ins>"));
	buf_free(&out);
}

static void
test_escaping_and_lists(void **state)
{
	struct buf out = BUF_INIT;
	struct revdiff_stats st;
	const char *a = "- 甲 <b>\n- 乙\n- 丙\n";
	const char *b = "- 甲 <b>\n- 乙乙\n- 丙\n";

	(void)state;
	revdiff_html(a, strlen(a), b, strlen(b), NULL, &out, &st);
	/* list items are blocks of their own */
	assert_int_equal(st.same, 2);
	assert_int_equal(st.changed, 1);
	assert_non_null(strstr(out.data, "&lt;b&gt;"));
	assert_null(strstr(out.data, "<b>"));
	buf_free(&out);
}

static void
test_context(void **state)
{
	struct buf out = BUF_INIT;
	struct revdiff_options opt = { NULL, NULL, 1 };
	const char *a = "一\n\n二\n\n三\n\n四\n\n五\n";
	const char *b = "一\n\n二\n\n三三\n\n四\n\n五\n";

	(void)state;
	revdiff_html(a, strlen(a), b, strlen(b), &opt, &out, NULL);
	assert_null(strstr(out.data, ">一<"));
	assert_non_null(strstr(out.data, ">二<"));
	assert_non_null(strstr(out.data, ">四<"));
	assert_null(strstr(out.data, ">五<"));
	assert_non_null(strstr(out.data, "diff-skipped"));
	buf_free(&out);
}

static void
test_big_inputs(void **state)
{
	/* too large to compare cell by cell: still a correct (coarse) diff */
	size_t n = 300000, i;
	char *a = malloc(n + 1), *b = malloc(n + 1);
	struct buf out = BUF_INIT;
	struct revdiff_stats st;

	(void)state;
	for (i = 0; i < n; i++) {
		a[i] = (char)('a' + i % 26);
		b[i] = (char)('a' + (i * 7) % 26);
	}
	a[n] = b[n] = '\0';
	revdiff_html(a, n, b, n, NULL, &out, &st);
	assert_int_equal(st.changed + st.added + st.removed > 0, 1);
	buf_free(&out);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_script),
		cmocka_unit_test(test_unchanged),
		cmocka_unit_test(test_added_removed_changed),
		cmocka_unit_test(test_escaping_and_lists),
		cmocka_unit_test(test_context),
		cmocka_unit_test(test_big_inputs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
