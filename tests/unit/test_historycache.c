/* Unit tests for history_from_cache (history.h): a real cache file gives
 * the histories git gave when it was written; a damaged checksum, a
 * truncated file and a pool that holds one path twice (found by
 * tests/fuzz/fuzz_history.c) are refused with their reason. The cache of
 * tests/fuzz/seeds/history/small.cache was written by gongkai history
 * --follow for a repository of four commits: add a.md, add b/c.md,
 * rename a.md to d.md, edit d.md (tests/fuzz/make-seeds.py). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "history.h"

static struct buf
load(const char *path)
{
	struct buf b = BUF_INIT;

	assert_int_equal(fs_read_file(path, &b), 0);
	return b;
}

static void
test_real_cache(void **state)
{
	struct buf b = load("tests/fuzz/seeds/history/small.cache");
	struct history_options opt;
	struct history *h = NULL;
	const struct history_entry *e;
	const char *why = NULL;
	size_t n;

	(void)state;
	memset(&opt, 0, sizeof(opt));
	assert_int_equal(history_from_cache(b.data, b.len, 1, &opt, &h, &why),
	    0);
	assert_false(history_has_repo(h));
	assert_int_equal(history_path_count(h), 3);
	assert_string_equal(history_path_at(h, 0), "a.md");
	assert_string_equal(history_path_at(h, 1), "b/c.md");
	assert_string_equal(history_path_at(h, 2), "d.md");
	e = history_lookup(h, "d.md", &n);
	assert_int_equal(n, 2);
	assert_string_equal(e[0].subject, "edit d");
	assert_string_equal(e[1].subject, "rename a to d");
	assert_string_equal(e[0].author_name, "示範");
	assert_int_equal(strlen(e[0].id), 40);
	e = history_lookup(h, "a.md", &n);
	assert_int_equal(n, 2);
	assert_string_equal(e[1].subject, "add a");
	history_free(h);

	/* following the rename: d.md continues with a.md's older commits */
	opt.follow_renames = 1;
	assert_int_equal(history_from_cache(b.data, b.len, 1, &opt, &h, &why),
	    0);
	e = history_lookup(h, "d.md", &n);
	assert_int_equal(n, 3);
	assert_string_equal(e[2].subject, "add a");
	history_free(h);
	buf_free(&b);
}

static void
test_damaged(void **state)
{
	struct buf b = load("tests/fuzz/seeds/history/small.cache");
	struct history *h = NULL;
	const char *why = NULL;

	(void)state;
	/* the checksum: compared unless check_sum is 0 */
	b.data[b.len - 1] ^= 1;
	assert_int_equal(history_from_cache(b.data, b.len, 1, NULL, &h, &why),
	    -1);
	assert_null(h);
	assert_string_equal(why, "checksum mismatch");
	assert_int_equal(history_from_cache(b.data, b.len, 0, NULL, &h, &why),
	    0);
	history_free(h);
	/* anything else is still checked */
	assert_int_equal(history_from_cache(b.data, b.len - 9, 0, NULL, &h,
	    &why), -1);
	assert_string_equal(why, "wrong size");
	assert_int_equal(history_from_cache(b.data, 10, 0, NULL, &h, &why), -1);
	assert_string_equal(why, "truncated");
	buf_free(&b);
}

static void
test_duplicate_path_string(void **state)
{
	struct buf b = load(
	    "tests/fuzz/regressions/history/duplicate-path-string");
	struct history *h = NULL;
	const char *why = NULL;

	(void)state;
	assert_int_equal(history_from_cache(b.data, b.len, 0, NULL, &h, &why),
	    -1);
	assert_string_equal(why, "bad string pool");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_cache),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_duplicate_path_string),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
