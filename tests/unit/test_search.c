/* Unit tests for search.c: the tokeniser (full-width folding, case
 * folding, CJK unigrams and bigrams, Latin words and numbers) and its byte
 * offsets, the shard hash (FNV-1a, the same in js/search.js), the text
 * chunks, and the files search_write writes for a small site. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "search.h"
#include "site.h"
#include "util.h"

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

static void
collect_at(void *arg, const char *tok, size_t n, size_t off)
{
	struct buf *b = arg;

	buf_append(b, tok, n);
	buf_printf(b, "@%zu|", off);
}

static char *
toks_at(const char *s)
{
	static struct buf b;

	buf_reset(&b);
	search_tokens_at(s, strlen(s), collect_at, &b);
	buf_putc(&b, '\0');
	return b.data;
}

static void
test_offsets(void **state)
{
	(void)state;
	/* offsets of the unfolded text: full-width letters are 3 bytes */
	assert_string_equal(toks_at("SOP 閱卷"), "sop@0|閱@4|卷@7|閱卷@4|");
	assert_string_equal(toks_at("ＳＯＰ　閱卷"), "sop@0|閱@12|卷@15|閱卷@12|");
	assert_string_equal(toks_at("a，閱"), "a@0|閱@4|");
}

static int
char_start_at(const char *s, size_t off)
{
	return ((unsigned char)s[off] & 0xc0) != 0x80;
}

static void
test_chunks(void **state)
{
	struct buf b = BUF_INIT;
	size_t i, c, from, to, nc;

	(void)state;
	assert_int_equal(search_nchunks(0), 0);
	assert_int_equal(search_nchunks(1), 1);
	assert_int_equal(search_nchunks(SEARCH_CHUNK), 1);
	assert_int_equal(search_nchunks(SEARCH_CHUNK + 1), 2);
	/* 3-byte characters: chunk edges fall inside characters */
	for (i = 0; i < 2000; i++)
		buf_puts(&b, "閱");
	nc = search_nchunks(b.len);
	assert_int_equal(nc, (6000 + SEARCH_CHUNK - 1) / SEARCH_CHUNK);
	for (c = 0; c < nc; c++) {
		search_chunk_span(b.data, b.len, c, &from, &to);
		assert_true(from < to && to <= b.len);
		assert_true(char_start_at(b.data, from));
		assert_true(to == b.len || char_start_at(b.data, to));
		/* the chunk's own bytes and the context around them */
		assert_true(from <= (c == 0 ? 0 : c * SEARCH_CHUNK - SEARCH_CHUNK_BEFORE + 2));
		assert_true(c == 0 || from >= c * SEARCH_CHUNK - SEARCH_CHUNK_BEFORE);
		assert_true(to >= ((c + 1) * SEARCH_CHUNK + SEARCH_CHUNK_AFTER < b.len ?
		    (c + 1) * SEARCH_CHUNK + SEARCH_CHUNK_AFTER : b.len));
	}
	search_chunk_span(b.data, b.len, nc - 1, &from, &to);
	assert_int_equal(to, b.len);
	search_chunk_span("", 0, 0, &from, &to);
	assert_int_equal(from, 0);
	assert_int_equal(to, 0);
	buf_free(&b);
}

struct files {
	char	*name[64];
	char	*data[64];
	size_t	 n;
};

static void
put_file(void *arg, const char *rel, const char *data, size_t len)
{
	struct files *f = arg;

	assert_true(f->n < 64);
	f->name[f->n] = strdup(rel);
	f->data[f->n] = strndup(data, len);
	f->n++;
}

static const char *
file(struct files *f, const char *rel)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->name[i], rel) == 0)
			return f->data[i];
	return NULL;
}

static void
test_write(void **state)
{
	struct site s;
	struct page a, b, more[SEARCH_GROUP], *pages[SEARCH_GROUP + 2];
	struct files f;
	struct buf html = BUF_INIT, want = BUF_INIT;
	char bhtml[] = "<p>聲請閱卷\xe2\x80\xa8</p>", url[SEARCH_GROUP][32];
	char other[] = "<p>其他</p>";
	const char *d;
	size_t i;

	(void)state;
	memset(&s, 0, sizeof(s));
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	memset(&f, 0, sizeof(f));
	/* a long page: 電子謄本 only after 700 characters (2100 bytes):
	 * in chunk 1 and past chunk 0's context */
	buf_puts(&html, "<p>");
	for (i = 0; i < 700; i++)
		buf_puts(&html, "甲");
	buf_puts(&html, "電子謄本&amp;</p>");
	a.type = b.type = PAGE_REGULAR;
	a.kind = b.kind = KIND_FAQ;
	a.title = "電子謄本說明";
	a.url = "/faq/a/";
	a.html = html.data;
	a.date.year = 2015; a.date.month = 1; a.date.day = 5;
	b.title = "閱卷<script>";
	b.url = "/faq/b/";
	b.html = bhtml;
	/* pages enough for a second bundle: page SEARCH_GROUP is its first */
	pages[0] = &a;
	pages[1] = &b;
	for (i = 0; i < SEARCH_GROUP; i++) {
		more[i] = b;
		snprintf(url[i], sizeof(url[i]), "/faq/m%zu/", i + 2);
		more[i].url = url[i];
		more[i].title = "其他";
		more[i].html = other;
		pages[i + 2] = &more[i];
	}
	s.pages = pages;
	s.npages = SEARCH_GROUP + 2;
	search_write(&s, 1, put_file, &f);

	assert_non_null(file(&f, "search/meta.js"));
	buf_printf(&want, "\"n\":%d,\"shards\":8,\"group\":%d,",
	    SEARCH_GROUP + 2, SEARCH_GROUP);
	assert_non_null(strstr(file(&f, "search/meta.js"), want.data));
	/* both pages in bundle 0: their first chunks in 0.js, page 0's chunk
	 * 1 in 0-1.js; no page has a chunk 2 */
	assert_non_null(d = file(&f, "search/d/0.js"));
	assert_non_null(strstr(d, "window.gongkaiSearch.docs(0,[[\"/faq/a/\",\"電子謄本說明\",\"常見問題\",\"2015-01-05\",\"2015-01-05\","));
	assert_non_null(strstr(d, ",2,\"甲甲"));
	assert_null(strstr(d, "電子謄本&"));
	/* page 1: one chunk, text escaped for a script */
	assert_non_null(strstr(d, "],\n[\"/faq/b/\",\"閱卷\\u003cscript>\""));
	assert_non_null(strstr(d, ",1,\"聲請閱卷\\u2028\"],\n["));
	/* the second bundle: pages SEARCH_GROUP and SEARCH_GROUP + 1 */
	assert_non_null(d = file(&f, "search/d/1.js"));
	buf_reset(&want);
	buf_printf(&want, "window.gongkaiSearch.docs(%d,[[\"/faq/m%d/\",",
	    SEARCH_GROUP, SEARCH_GROUP);
	assert_non_null(strstr(d, want.data));
	buf_reset(&want);
	buf_printf(&want, "],\n[\"/faq/m%d/\",", SEARCH_GROUP + 1);
	assert_non_null(strstr(d, want.data));
	assert_true(strlen(d) > 5 && strcmp(d + strlen(d) - 5, "]]);\n") == 0);
	assert_null(file(&f, "search/d/2.js"));
	assert_null(file(&f, "search/d/1-1.js"));
	assert_non_null(d = file(&f, "search/d/0-1.js"));
	assert_non_null(strstr(d, "window.gongkaiSearch.text(1,{\"0\":\""));
	assert_non_null(strstr(d, "電子謄本&\"});\n"));
	assert_null(strstr(d, "\"1\":"));
	assert_null(file(&f, "search/d/0-2.js"));
	buf_reset(&want);
	/* postings: 電子 in page 0's title (field 3) and first in its text in
	 * chunk 1: "3.1"; 閱卷 in page 1's title: doc delta 1 → 4+3 = "7" */
	buf_printf(&want, "\"電子\":\"3.1\"");
	for (i = 0, d = NULL; i < f.n && d == NULL; i++)
		if (strncmp(f.name[i], "search/t/", 9) == 0)
			d = strstr(f.data[i], want.data);
	assert_non_null(d);
	for (i = 0, d = NULL; i < f.n && d == NULL; i++)
		if (strncmp(f.name[i], "search/t/", 9) == 0)
			d = strstr(f.data[i], "\"閱卷\":\"7\"");
	assert_non_null(d);
	for (i = 0; i < f.n; i++) {
		free(f.name[i]);
		free(f.data[i]);
	}
	buf_free(&html);
	buf_free(&want);
}

/* Files "published" by one run, for the next run's keep. */
struct update {
	struct files	*was;		/* the last run's files */
	struct files	*now;		/* this run's: put and kept */
	int		 puts, keeps;
	const char	*damaged;	/* this published file was changed */
};

static void
update_put(void *arg, const char *rel, const char *data, size_t len)
{
	struct update *u = arg;

	assert_null(file(u->now, rel));		/* once */
	put_file(u->now, rel, data, len);
	u->puts++;
}

static int
update_keep(void *arg, const char *rel, uint64_t hash)
{
	struct update *u = arg;
	const char *d = file(u->was, rel);

	if (d == NULL || hash64(d, strlen(d)) != hash ||
	    (u->damaged != NULL && strcmp(rel, u->damaged) == 0))
		return 0;
	assert_null(file(u->now, rel));
	put_file(u->now, rel, d, strlen(d));
	u->keeps++;
	return 1;
}

static void
files_free(struct files *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->name[i]);
		free(f->data[i]);
	}
	f->n = 0;
}

/* run's files are exactly those of a whole index of s */
static void
same_as_whole(const struct site *s, struct files *run)
{
	struct files whole;
	size_t i;

	memset(&whole, 0, sizeof(whole));
	search_write(s, 1, put_file, &whole);
	assert_int_equal(run->n, whole.n);
	for (i = 0; i < whole.n; i++) {
		assert_non_null(file(run, whole.name[i]));
		assert_string_equal(file(run, whole.name[i]), whole.data[i]);
	}
	files_free(&whole);
}

/* search_update from the last run's state: the same files as a whole
 * index, only the changed ones put */
static void
test_update(void **state)
{
	struct site s;
	struct page pg[10], *pages[10];
	struct files f1, f2, f3;
	struct update u;
	struct search_state *st;
	char url[10][32], *tmp = strdup("/tmp/gk-search-XXXXXX");
	char h1[] = "<p>電子謄本 Apply online</p>", h2[] = "<p>緩起訴處分金</p>";
	char h3[] = "<p>全新的段落 zebra</p>", h4[] = "<p>另一種說明</p>";
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(tmp));
	memset(&s, 0, sizeof(s));
	memset(pg, 0, sizeof(pg));
	for (i = 0; i < 10; i++) {
		pg[i].type = PAGE_REGULAR;
		pg[i].kind = KIND_FAQ;
		snprintf(url[i], sizeof(url[i]), "/faq/q%zu/", i);
		pg[i].url = url[i];
		pg[i].title = i % 2 ? "聲請閱卷" : "易服社會勞動";
		pg[i].html = i % 3 ? h1 : h2;
		pages[i] = &pg[i];
	}
	s.pages = pages;
	s.npages = 10;
	memset(&f1, 0, sizeof(f1));
	memset(&f2, 0, sizeof(f2));
	memset(&f3, 0, sizeof(f3));
	st = search_state_load(tmp, tmp);	/* nothing there: empty */

	/* the first run makes the whole index */
	memset(&u, 0, sizeof(u));
	u.was = &f3;
	u.now = &f1;
	search_update(&s, 1, update_put, update_keep, &u, st);
	assert_int_equal(u.keeps, 0);
	same_as_whole(&s, &f1);

	/* one page: a token gone (處分金), new ones, a longer text */
	pg[3].html = h3;
	memset(&u, 0, sizeof(u));
	u.was = &f1;
	u.now = &f2;
	search_update(&s, 1, update_put, update_keep, &u, st);
	same_as_whole(&s, &f2);
	assert_true(u.keeps > 0);
	assert_true(u.puts > 0);
	assert_true(u.puts < (int)f2.n);

	/* a published file changed by hand: written again, alone */
	memset(&u, 0, sizeof(u));
	u.was = &f2;
	u.now = &f3;
	u.damaged = "search/d/0.js";
	pg[9].title = "新的標題";
	search_update(&s, 1, update_put, update_keep, &u, st);
	same_as_whole(&s, &f3);
	assert_non_null(file(&f3, "search/d/0.js"));
	assert_true(u.keeps > 0);

	/* two pages at once, one token moving between them */
	files_free(&f1);
	pg[1].html = h2;
	pg[6].html = h3;
	memset(&u, 0, sizeof(u));
	u.was = &f3;
	u.now = &f1;
	search_update(&s, 1, update_put, update_keep, &u, st);
	same_as_whole(&s, &f1);
	assert_true(u.keeps > 0);
	files_free(&f3);
	for (i = 0; i < f1.n; i++)
		put_file(&f3, f1.name[i], f1.data[i], strlen(f1.data[i]));

	/* most pages changed: the whole index again, the same files */
	files_free(&f1);
	for (i = 0; i < 8; i++)
		pg[i].html = h4;
	memset(&u, 0, sizeof(u));
	u.was = &f3;
	u.now = &f1;
	search_update(&s, 1, update_put, update_keep, &u, st);
	same_as_whole(&s, &f1);

	search_state_free(st);
	files_free(&f1);
	files_free(&f2);
	files_free(&f3);
	rmdir(tmp);
	free(tmp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cjk),
		cmocka_unit_test(test_latin_and_folding),
		cmocka_unit_test(test_hash),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_write),
		cmocka_unit_test(test_update),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
