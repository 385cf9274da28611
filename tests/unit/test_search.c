/* Unit tests for search.c's tokeniser: full-width folding, case folding,
 * CJK unigrams and bigrams, Latin words and numbers, and the shard hash
 * (FNV-1a, the same in js/search.js). */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "search.h"

static void
collect(void *arg, const char *tok, size_t n)
{
	struct buf *b = arg;

	assert_int_equal(strlen(tok), n);
	buf_append(b, tok, n);
	buf_putc(b, '|');
}

static char *
toks(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	search_tokens(s, strlen(s), collect, &b);
	buf_putc(&b, '\0');
	return b.data;
}

static void
test_cjk(void **state)
{
	(void)state;
	assert_string_equal(toks("閱卷"), "閱|卷|閱卷|");
	assert_string_equal(toks("處分金"), "處|分|處分|金|分金|");
	assert_string_equal(toks("閱卷，聲請"), "閱|卷|閱卷|聲|請|聲請|");
}

static void
test_latin_and_folding(void **state)
{
	(void)state;
	assert_string_equal(toks("SOP 閱卷"), "sop|閱|卷|閱卷|");
	assert_string_equal(toks("ＳＯＰ　閱卷"), "sop|閱|卷|閱卷|");
	assert_string_equal(toks("第１０４年Q4"), "第|104|年|q4|");
	assert_string_equal(toks(""), "");
}

static void
test_hash(void **state)
{
	(void)state;
	/* FNV-1a 32 of "a" and of the UTF-8 bytes of 閱卷 */
	assert_int_equal(search_hash("a", 1), 0xe40c292cu);
	assert_int_equal(search_hash("", 0), 2166136261u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_latin_and_folding),
		cmocka_unit_test(test_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
