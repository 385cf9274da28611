/*
 * libFuzzer target: both Markdown engines behind markdown.c (md4c and
 * cmark-gfm) with our own HTML renderer, in site and spec mode.
 *
 * Input: byte 0 holds flags (bit 0: cmark-gfm instead of md4c; bit 1:
 * spec mode; bit 2: allow raw HTML; bit 3: fill a source map; bit 4:
 * resolve .md links through a callback, which fails for links whose
 * destination starts with "x"; bit 5: a shared table counter with a
 * label); the rest is the Markdown text, starting at file line 3.
 * Besides the sanitizers it checks the result's invariants: the HTML is
 * NUL-terminated at its length, a source map is ordered and inside the
 * HTML, headings have text and a level, and in site mode their ids are
 * unique.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "markdown.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
resolve(void *ctx, const char *dest, size_t len, struct buf *out,
    const char *path, int line, int col)
{
	(void)ctx;
	if (len > 0 && dest[0] == 'x') {
		diag_error(path, line, col, "no such page");
		return -1;
	}
	buf_puts(out, "/resolved/");
	buf_append(out, dest, len);
	return 0;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	diag_set_quiet(1);
	markdown_global_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct markdown_options opt;
	struct markdown_result res;
	struct markdown_srcmap map;
	unsigned seq = 3;
	size_t i;
	int flags;

	if (size < 1)
		return 0;
	flags = data[0];
	memset(&opt, 0, sizeof(opt));
	memset(&res, 0, sizeof(res));
	memset(&map, 0, sizeof(map));
	opt.engine = flags & 1 ? MARKDOWN_CMARK_GFM : MARKDOWN_MD4C;
	opt.spec = (flags & 2) != 0;
	opt.allow_html = (flags & 4) != 0;
	opt.path = "content/fuzz.md";
	opt.first_line = 3;
	if (flags & 8)
		opt.srcmap = &map;
	if (flags & 16)
		opt.resolve_link = resolve;
	if (flags & 32) {
		opt.table_seq = &seq;
		opt.table_label = "比較";
	}
	markdown_render((const char *)data + 1, size - 1, &opt, &res);
	if (res.html.data == NULL || res.html.data[res.html.len] != '\0')
		abort();
	for (i = 0; i < map.n; i++)
		if (map.v[i].off > res.html.len ||
		    (i > 0 && map.v[i].off < map.v[i - 1].off) ||
		    map.v[i].line < 1 || map.v[i].col < 0)
			abort();
	for (i = 0; i < res.nheadings; i++) {
		const struct markdown_heading *h = &res.headings[i];
		size_t j;

		if (h->text == NULL || h->level < 1 || h->level > 6)
			abort();
		/* site mode: ids are unique on the page */
		for (j = 0; !opt.spec && h->id != NULL && j < i && j < 64; j++)
			if (res.headings[j].id != NULL &&
			    strcmp(res.headings[j].id, h->id) == 0)
				abort();
	}
	markdown_srcmap_free(&map);
	markdown_result_free(&res);
	return 0;
}
