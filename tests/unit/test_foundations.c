/* Unit tests for the foundations: buf, arena, escape, diag_position,
 * value, pool, hash64 and reading a file into an arena. */
#include "harness.h"

#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "fs.h"
#include "pool.h"
#include "util.h"
#include "value.h"

/* ------------------------------------------------------------------ */
/* buf                                                                 */

static void
test_buf_growth(void **state)
{
	struct buf b = BUF_INIT;
	size_t i, cap;

	(void)state;
	assert_string_equal(buf_cstr(&b), "");
	assert_int_equal(b.len, 0);
	for (i = 0; i < 100000; i++)
		buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 100000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(b.data[26], 'a');
	assert_int_equal(b.data[99999], 'a' + 99999 % 26);

	/* reset keeps the memory; truncate shortens */
	cap = b.cap;
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, cap);
	assert_string_equal(buf_cstr(&b), "");
	buf_puts(&b, "hello, world");
	buf_truncate(&b, 5);
	assert_string_equal(buf_cstr(&b), "hello");
	buf_truncate(&b, 50);	/* longer than len: no change */
	assert_string_equal(buf_cstr(&b), "hello");

	/* appending bytes with a NUL inside keeps the exact length */
	buf_append(&b, "\0x", 2);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.data, "hello\0x", 8);

	/* grow reserves without changing the contents */
	buf_grow(&b, 1 << 20);
	assert_true(b.cap >= b.len + (1 << 20) + 1);
	assert_int_equal(b.len, 7);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.cap, 0);
}

static void
test_buf_printf(void **state)
{
	struct buf b = BUF_INIT;
	char big[5000];

	(void)state;
	buf_printf(&b, "%d-%s", 104, "年");
	buf_printf(&b, "|%05.1f|", 3.14159);
	assert_string_equal(buf_cstr(&b), "104-年|003.1|");
	assert_int_equal(b.len, strlen("104-年|003.1|"));

	/* longer than any first guess */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_reset(&b);
	buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, sizeof(big) + 1);
	assert_int_equal(b.data[0], '<');
	assert_int_equal(b.data[b.len - 1], '>');
	assert_int_equal(b.data[b.len], '\0');

	/* formatted in the room left when it fits, else again after
	 * growing: at the edge of the room both ways */
	buf_free(&b);
	buf_append(&b, big, 59);	/* room for 4 more bytes and the NUL */
	assert_true(b.cap - b.len == 5);
	buf_printf(&b, "%s", "abcd");	/* fits exactly */
	assert_int_equal(b.len, 63);
	buf_printf(&b, "%d", 12345);	/* room 1: cut, grown, again */
	assert_int_equal(b.len, 68);
	assert_memory_equal(b.data + 59, "abcd12345", 10);
	buf_truncate(&b, 60);
	while (b.cap - b.len > 4)
		buf_putc(&b, 'y');
	buf_printf(&b, "%s|", "wxyz");	/* one byte more than the room */
	assert_string_equal(b.data + b.len - 5, "wxyz|");
	assert_int_equal(strlen(b.data), b.len);
	buf_free(&b);
}

/* The caches' number writers give what buf_printf gives. */
static void
test_buf_numbers(void **state)
{
	static const unsigned long long u[] = { 0, 1, 9, 10, 99, 100,
	    1234567890123ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL,
	    0xffffffffffffffffULL, 0xdeadbeefULL };
	static const long long s[] = { 0, 1, -1, 10, -10, 1764000000123456789LL,
	    -9223372036854775807LL - 1, 9223372036854775807LL };
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		buf_reset(&a);
		buf_reset(&b);
		buf_put_u64(&a, u[i]);
		buf_putc(&a, ' ');
		buf_put_hex64(&a, u[i]);
		buf_printf(&b, "%llu %016llx", u[i], u[i]);
		assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	}
	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
		buf_reset(&a);
		buf_reset(&b);
		buf_put_i64(&a, s[i]);
		buf_printf(&b, "%lld", s[i]);
		assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	}
	buf_free(&a);
	buf_free(&b);
}

static void
test_buf_detach(void **state)
{
	struct buf b = BUF_INIT;
	char *p;

	(void)state;
	/* an empty buffer still hands out a string */
	p = buf_detach(&b);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);

	buf_puts(&b, "公開");
	p = buf_detach(&b);
	assert_string_equal(p, "公開");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* the buffer is usable again and independent of p */
	buf_puts(&b, "x");
	assert_string_equal(buf_cstr(&b), "x");
	assert_string_equal(p, "公開");
	free(p);
	buf_free(&b);
}

/* ------------------------------------------------------------------ */
/* arena                                                               */

static void
test_arena_alignment(void **state)
{
	struct arena a = ARENA_INIT;
	size_t sizes[] = { 1, 3, 7, 8, 13, 64, 100, 1, 200000, 5 };
	size_t i, k;
	unsigned char *p;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p = arena_alloc(&a, sizes[i]);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % alignof(max_align_t), 0);
		/* zeroed, and writable to its end */
		for (k = 0; k < sizes[i]; k++)
			assert_int_equal(p[k], 0);
		memset(p, 0xAB, sizes[i]);
	}
	assert_true(a.total >= 200000);

	/* a double and a pointer fit where the arena says */
	{
		double *d = arena_alloc(&a, sizeof(*d));
		void **vp = arena_alloc(&a, sizeof(*vp));

		*d = 1.5;
		*vp = d;
		assert_true(*(double *)*vp == 1.5);
	}
	arena_free(&a);
	assert_null(a.head);
}

static void
test_arena_strings_and_reset(void **state)
{
	struct arena a = ARENA_INIT;
	char *s, *t;
	void *first;
	int i;

	(void)state;
	s = arena_strdup(&a, "臺灣");
	t = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "臺灣");
	assert_string_equal(t, "abc");
	assert_string_equal(arena_printf(&a, "%s-%03d", t, 7), "abc-007");

	/* fill several blocks, then reset */
	for (i = 0; i < 1000; i++)
		arena_alloc(&a, 1000);
	arena_reset(&a);
	assert_int_equal(a.total, 0);
	assert_non_null(a.head);	/* one block kept for reuse */

	/* memory handed out after reset is zeroed again */
	first = arena_alloc(&a, 4096);
	for (i = 0; i < 4096; i++)
		assert_int_equal(((unsigned char *)first)[i], 0);
	assert_int_equal((uintptr_t)first % alignof(max_align_t), 0);
	arena_reset(&a);
	arena_reset(&a);
	arena_free(&a);
	arena_free(&a);		/* freeing twice is harmless */
}

/* ------------------------------------------------------------------ */
/* escape                                                              */

static void
check_escape(void (*fn)(struct buf *, const char *, size_t), const char *in,
    const char *want)
{
	struct buf b = BUF_INIT;

	buf_puts(&b, "[");
	fn(&b, in, strlen(in));
	buf_puts(&b, "]");
	assert_string_equal(buf_cstr(&b) + 1, want);
	buf_free(&b);
}

static void
test_escape_html(void **state)
{
	(void)state;
	check_escape(escape_html, "<a href=\"x\">&amp;'</a>",
	    "&lt;a href=&quot;x&quot;&gt;&amp;amp;'&lt;/a&gt;]");
	check_escape(escape_html, "plain 公開", "plain 公開]");
	check_escape(escape_html, "", "]");
	check_escape(escape_xml, "it's <x>", "it&#39;s &lt;x&gt;]");
}

static void
test_escape_href(void **state)
{
	(void)state;
	check_escape(escape_href, "/公開/a b?q=1&x='y'#f",
	    "/%E5%85%AC%E9%96%8B/a%20b?q=1&amp;x=&#x27;y&#x27;#f]");
	/* existing escapes are kept, not escaped again */
	check_escape(escape_href, "a%20b", "a%20b]");
	check_escape(escape_href, "https://example.gov.tw/x_y-z.html~",
	    "https://example.gov.tw/x_y-z.html~]");
	check_escape(escape_href, "<script>\"", "%3Cscript%3E%22]");
}

static void
test_escape_url_component(void **state)
{
	(void)state;
	check_escape(escape_url_component, "公開 a/b~c.d_e-f!",
	    "%E5%85%AC%E9%96%8B%20a%2Fb~c.d_e-f%21]");
	check_escape(escape_url_component, "a&b=c?d#e%",
	    "a%26b%3Dc%3Fd%23e%25]");
	check_escape(escape_url_component, "", "]");
	/* paths keep their slashes */
	check_escape(escape_url_path, "/faq/交通 x/", "/faq/%E4%BA%A4%E9%80%9A%20x/]");
	check_escape(escape_url_path, "a?b#c", "a%3Fb%23c]");
	check_escape(escape_url_path, "/", "/]");
}

/* ------------------------------------------------------------------ */
/* diag_position                                                       */

static void
test_diag_position(void **state)
{
	/* 公 and 開 are three bytes each */
	const char *text = "ab\n公開x\n\ny";
	int line, col;

	(void)state;
	diag_position(text, 0, &line, &col);
	assert_int_equal(line, 1);
	assert_int_equal(col, 1);
	diag_position(text, 2, &line, &col);	/* the newline itself */
	assert_int_equal(line, 1);
	assert_int_equal(col, 3);
	diag_position(text, 3, &line, &col);	/* 公 */
	assert_int_equal(line, 2);
	assert_int_equal(col, 1);
	diag_position(text, 6, &line, &col);	/* 開 */
	assert_int_equal(line, 2);
	assert_int_equal(col, 2);
	diag_position(text, 9, &line, &col);	/* x */
	assert_int_equal(line, 2);
	assert_int_equal(col, 3);
	diag_position(text, 11, &line, &col);	/* the empty line */
	assert_int_equal(line, 3);
	assert_int_equal(col, 1);
	diag_position(text, 12, &line, &col);	/* y */
	assert_int_equal(line, 4);
	assert_int_equal(col, 1);
	/* an offset past the end stops at the end */
	diag_position(text, 1000, &line, &col);
	assert_int_equal(line, 4);
	assert_int_equal(col, 2);
}

/* ------------------------------------------------------------------ */
/* value                                                               */

static void
test_value_map(void **state)
{
	struct arena a = ARENA_INIT;
	struct value *m = value_map(&a), *v;
	char key[16];
	int i;

	(void)state;
	value_map_str(&a, m, "title", "公開");
	value_map_num(&a, m, "n", 85);
	value_map_bool(&a, m, "draft", 0);
	value_map_set(&a, m, "none", value_null(&a));
	assert_int_equal(m->len, 4);
	assert_string_equal(value_map_get(m, "title")->str, "公開");
	assert_true(value_map_get(m, "n")->number == 85);
	assert_int_equal(value_map_get(m, "draft")->kind, VALUE_BOOL);
	assert_null(value_map_get(m, "missing"));
	/* getn compares the whole key, not a prefix */
	assert_non_null(value_map_getn(m, "title.x", 5));
	assert_null(value_map_getn(m, "tit", 3));
	assert_null(value_map_get(NULL, "x"));
	assert_null(value_map_get(value_null(&a), "x"));

	/* replacing keeps the position; order is insertion order */
	value_map_str(&a, m, "n", "again");
	assert_int_equal(m->len, 4);
	assert_string_equal(m->pairs[1].key, "n");
	assert_string_equal(m->pairs[1].val->str, "again");
	assert_string_equal(m->pairs[3].key, "none");

	/* growth past the first allocation */
	for (i = 0; i < 100; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		value_map_num(&a, m, arena_strdup(&a, key), i);
	}
	assert_int_equal(m->len, 104);
	assert_true(value_map_get(m, "k99")->number == 99);
	assert_string_equal(m->pairs[0].key, "title");

	/* value_map_str with NULL stores "" */
	value_map_str(&a, m, "empty", NULL);
	v = value_map_get(m, "empty");
	assert_int_equal(v->len, 0);
	assert_string_equal(v->str, "");
	arena_free(&a);
}

static void
test_value_list_and_truthy(void **state)
{
	struct arena a = ARENA_INIT;
	struct value *l = value_list(&a), *s;
	int i;

	(void)state;
	assert_false(value_truthy(l));	/* empty list */
	for (i = 0; i < 50; i++)
		value_list_push(&a, l, value_number(&a, i));
	assert_int_equal(l->len, 50);
	assert_true(l->items[49]->number == 49);
	assert_true(value_truthy(l));

	assert_false(value_truthy(NULL));
	assert_false(value_truthy(value_null(&a)));
	assert_false(value_truthy(value_bool(&a, 0)));
	assert_true(value_truthy(value_bool(&a, 7)));
	assert_int_equal(value_bool(&a, 7)->boolean, 1);
	assert_true(value_truthy(value_string(&a, "")));
	assert_true(value_truthy(value_number(&a, 0)));
	assert_true(value_truthy(value_map(&a)));

	/* strings: copied, borrowed, with a NUL inside */
	s = value_stringn(&a, "a\0b", 3);
	assert_int_equal(s->len, 3);
	assert_memory_equal(s->str, "a\0b", 4);
	s = value_string_ref(&a, "literal");
	assert_string_equal(s->str, "literal");
	assert_int_equal(s->len, 7);
	arena_free(&a);
}

/* ------------------------------------------------------------------ */
/* pool                                                                */

struct seen {
	size_t	order[8];
	size_t	n;
	int	hits[8];
};

static void
note_item(void *ctx, size_t i, int worker)
{
	struct seen *s = ctx;

	(void)worker;
	s->order[s->n++] = i;
	s->hits[i]++;
	diag_warning("p.md", (int)i + 1, 1, "item %zu", i);
}

static void
test_pool_order(void **state)
{
	static const size_t order[5] = { 3, 0, 4, 1, 2 };
	struct seen s;
	struct buf out = BUF_INIT, *was;
	size_t i;

	(void)state;
	/* one thread: the items come in the order given, each once */
	memset(&s, 0, sizeof(s));
	was = diag_capture(&out);
	pool_for_order(5, 1, order, note_item, &s);
	diag_capture(was);
	assert_int_equal(s.n, 5);
	for (i = 0; i < 5; i++) {
		assert_int_equal(s.order[i], order[i]);
		assert_int_equal(s.hits[i], 1);
	}
	/* their messages in item order, not in the order they ran */
	assert_non_null(strstr(out.data, "p.md:1:1: warning: item 0\n"
	    "p.md:2:1: warning: item 1\np.md:3:1: warning: item 2\n"
	    "p.md:4:1: warning: item 3\np.md:5:1: warning: item 4\n"));
	/* NULL is 0, 1, ... */
	memset(&s, 0, sizeof(s));
	buf_reset(&out);
	was = diag_capture(&out);
	pool_for_order(5, 1, NULL, note_item, &s);
	diag_capture(was);
	for (i = 0; i < 5; i++)
		assert_int_equal(s.order[i], i);
	buf_free(&out);
}

/* ------------------------------------------------------------------ */
/* hash64                                                              */

/* The last element at or before a key, by a size_t field. */
static void
test_last_at_or_before(void **state)
{
	struct e {
		int	 pad;
		size_t	 off;
	} v[] = { { 0, 10 }, { 0, 20 }, { 0, 20 }, { 0, 35 } };
	size_t f = offsetof(struct e, off), i;
	static const size_t keys[] = { 0, 9, 10, 19, 20, 34, 35, 1000 };
	static const size_t want[] = { 4, 4, 0, 0, 2, 2, 3, 3 };

	(void)state;
	for (i = 0; i < NELEM(keys); i++)
		assert_int_equal(last_at_or_before(v, 4, sizeof(v[0]), f,
		    keys[i]), want[i]);
	assert_int_equal(last_at_or_before(v, 0, sizeof(v[0]), f, 50), 0);
	assert_int_equal(last_at_or_before(v, 1, sizeof(v[0]), f, 50), 0);
	assert_int_equal(last_at_or_before(v, 1, sizeof(v[0]), f, 5), 1);
}

static void
test_hash64(void **state)
{
	char a[40], b[48];
	uint64_t h[33];
	size_t i, j, bit;

	(void)state;
	for (i = 0; i < sizeof(a); i++)
		a[i] = (char)('a' + i % 26);
	/* every length (each tail size, one and more blocks) differs */
	for (i = 0; i <= 32; i++) {
		h[i] = hash64(a, i);
		for (j = 0; j < i; j++)
			assert_true(h[i] != h[j]);
	}
	/* the same bytes at another alignment: the same hash */
	for (i = 1; i < 8; i++) {
		memcpy(b + i, a, 32);
		assert_true(hash64(b + i, 32) == h[32]);
		assert_true(hash64(b + i, 13) == h[13]);
	}
	/* one bit flipped anywhere, in a block or the tail: another hash */
	for (i = 0; i < 29; i++)
		for (bit = 0; bit < 8; bit++) {
			memcpy(b, a, 29);
			b[i] ^= (char)(1 << bit);
			assert_true(hash64(b, 29) != hash64(a, 29));
		}
}

/* fs_read_file_arena gives the bytes fs_read_file does: empty, small,
 * with a NUL inside, and bigger than an arena block; a missing file is
 * NULL with errno set. */
static void
test_read_file_arena(void **state)
{
	char path[] = "/tmp/gk-fs-XXXXXX";
	size_t sizes[] = { 0, 1, 5, 4095, 70000, 300000 }, i, k, len;
	struct arena a = ARENA_INIT;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct buf want = BUF_INIT, got = BUF_INIT;
		char *s;

		for (k = 0; k < sizes[i]; k++)
			buf_putc(&want, (char)(k % 7 == 3 ? 0 : 'a' + k % 26));
		assert_int_equal(fs_write_file(path, want.data ? want.data : "",
		    want.len), 0);
		assert_int_equal(fs_read_file(path, &got), 0);
		s = fs_read_file_arena(AT_FDCWD, path, &a, &len);
		assert_non_null(s);
		assert_int_equal(len, sizes[i]);
		assert_int_equal(got.len, len);
		assert_memory_equal(s, got.data, len);
		assert_int_equal(s[len], '\0');
		buf_free(&want);
		buf_free(&got);
	}
	unlink(path);
	/* a file whose size says 0 (procfs): read on past it */
	{
		struct buf got = BUF_INIT;
		char *s;

		assert_int_equal(fs_read_file("/proc/self/cmdline", &got), 0);
		s = fs_read_file_arena(AT_FDCWD, "/proc/self/cmdline", &a, &len);
		assert_non_null(s);
		assert_true(len > 0);
		assert_int_equal(len, got.len);
		assert_memory_equal(s, got.data, len);
		buf_free(&got);
	}
	/* relative to a folder */
	{
		int dfd = open("/proc/self", O_RDONLY | O_DIRECTORY);

		assert_true(dfd >= 0);
		assert_non_null(fs_read_file_arena(dfd, "cmdline", &a, &len));
		assert_true(len > 0);
		close(dfd);
	}
	errno = 0;
	assert_null(fs_read_file_arena(AT_FDCWD, path, &a, &len));
	assert_int_equal(errno, ENOENT);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_buf_numbers),
		cmocka_unit_test(test_buf_detach),
		cmocka_unit_test(test_arena_alignment),
		cmocka_unit_test(test_arena_strings_and_reset),
		cmocka_unit_test(test_escape_html),
		cmocka_unit_test(test_escape_href),
		cmocka_unit_test(test_escape_url_component),
		cmocka_unit_test(test_diag_position),
		cmocka_unit_test(test_value_map),
		cmocka_unit_test(test_value_list_and_truthy),
		cmocka_unit_test(test_pool_order),
		cmocka_unit_test(test_hash64),
		cmocka_unit_test(test_read_file_arena),
		cmocka_unit_test(test_last_at_or_before),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
