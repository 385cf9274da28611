/*
 * mdcache: the last build's Markdown (mdcache.h), in a blobcache
 * (blobcache.h) under .gongkai/markdown.cache.
 *
 * The key is the page's source path, its body's hash64, length and first
 * line (u64, u32, u32 after the path). The value is: str html, str
 * summary, u32 headings, per heading u32 level, str id, str text; str
 * messages, u32 warnings; where str is a u32 length and the bytes.
 */
#include "mdcache.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "blobcache.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "site.h"
#include "util.h"

#define MDCACHE_MAGIC	"gongkai-markdown-cache 4"
#define MDCACHE_FILE	"markdown.cache"

struct mdcache {
	struct blobcache	*b;
};

uint64_t
mdcache_site_key(const struct site *s, uint64_t frame)
{
	struct buf b = BUF_INIT;
	uint64_t h;
	size_t i;

	if (frame == 0)
		return 0;
	buf_printf(&b, "%016" PRIx64 "\n", frame);
	for (i = 0; i < s->npages; i++) {
		buf_puts(&b, s->pages[i]->rel);
		buf_putc(&b, '\t');
		buf_puts(&b, s->pages[i]->url);
		buf_putc(&b, '\n');
	}
	h = hash64(b.data, b.len) | 1;
	buf_free(&b);
	return h;
}

/* A cursor over a value's bytes. */
struct cur {
	const unsigned char	*p, *end;
	int			 bad;
};

static uint32_t
take32(struct cur *c)
{
	uint32_t v = 0;

	if (c->end - c->p < 4) {
		c->bad = 1;
		return 0;
	}
	memcpy(&v, c->p, 4);
	c->p += 4;
	return v;
}

/* A string's bytes (not NUL-terminated), or NULL. */
static const char *
take_str(struct cur *c, uint32_t *len)
{
	const char *s;

	*len = take32(c);
	/* the bytes and a NUL: the string is used where it lies */
	if (c->bad || (size_t)(c->end - c->p) <= *len || c->p[*len] != '\0') {
		c->bad = 1;
		return NULL;
	}
	s = (const char *)c->p;
	c->p += *len + 1;
	return s;
}

struct mdcache *
mdcache_load(const char *site_dir, uint64_t key)
{
	struct mdcache *c = xcalloc(1, sizeof(*c));

	c->b = blobcache_load(site_dir, MDCACHE_FILE, MDCACHE_MAGIC, key);
	return c;
}

/* The key of p's Markdown: its source path, its body's hash, length and
 * first line. */
static void
make_key(struct buf *k, const struct page *p)
{
	uint64_t h = hash64(p->body, p->body_len);
	uint32_t len = (uint32_t)p->body_len, line = (uint32_t)p->body_line;

	buf_puts(k, p->rel);
	buf_append(k, (const char *)&h, 8);
	buf_append(k, (const char *)&len, 4);
	buf_append(k, (const char *)&line, 4);
}

int
mdcache_take(struct mdcache *c, struct page *p)
{
	struct markdown_heading *h = NULL;
	struct buf key = BUF_INIT;
	const unsigned char *v;
	struct cur r;
	const char *html, *sum, *msgs;
	uint32_t hl, sl, ml, nh, warnings, k, il, tl;
	size_t vlen;

	if (c == NULL || p->body_len > UINT32_MAX)
		return 0;
	make_key(&key, p);
	v = blobcache_find(c->b, key.data, key.len, &vlen);
	buf_free(&key);
	if (v == NULL)
		return 0;
	r.p = v;
	r.end = v + vlen;
	r.bad = 0;
	html = take_str(&r, &hl);
	sum = take_str(&r, &sl);
	nh = take32(&r);
	if (r.bad || nh > (uint32_t)(r.end - r.p) / 12)
		return 0;
	h = xcalloc((size_t)nh + 1, sizeof(*h));
	for (k = 0; k < nh && !r.bad; k++) {
		const char *id, *text;

		h[k].level = (int)take32(&r);
		id = take_str(&r, &il);
		text = take_str(&r, &tl);
		if (r.bad)
			break;
		h[k].id = (char *)id;
		h[k].text = (char *)text;
	}
	msgs = take_str(&r, &ml);
	warnings = take32(&r);
	if (r.bad || r.p != r.end) {
		free(h);
		return 0;
	}
	/* where they lie in the cache, which outlives the pages' use of
	 * them (copying the corpus's 8.5 MB was 9 ms of CPU, most of it
	 * the new memory's page faults) */
	(void)hl;
	(void)sl;
	p->html = (char *)html;
	p->auto_summary = (char *)sum;
	p->md_mapped = 1;
	p->headings = h;
	p->nheadings = nh;
	diag_replay(msgs, ml, 0, warnings);
	return 1;
}

static void
put32(struct buf *b, uint32_t v)
{
	buf_append(b, (const char *)&v, 4);
}

static void
put_str(struct buf *b, const char *s, size_t n)
{
	put32(b, (uint32_t)n);
	buf_append(b, s, n);
	buf_append(b, "", 1);
}

void
mdcache_add(struct mdcache *c, const struct page *p, const char *msgs,
    size_t msglen, size_t warnings)
{
	struct buf key = BUF_INIT, b = BUF_INIT;
	size_t k;

	if (c == NULL || p->html == NULL || p->body_len > UINT32_MAX ||
	    msglen > UINT32_MAX || warnings > UINT32_MAX)
		return;
	make_key(&key, p);
	put_str(&b, p->html, strlen(p->html));
	put_str(&b, p->auto_summary ? p->auto_summary : "",
	    p->auto_summary ? strlen(p->auto_summary) : 0);
	put32(&b, (uint32_t)p->nheadings);
	for (k = 0; k < p->nheadings; k++) {
		put32(&b, (uint32_t)p->headings[k].level);
		put_str(&b, p->headings[k].id, strlen(p->headings[k].id));
		put_str(&b, p->headings[k].text, strlen(p->headings[k].text));
	}
	put_str(&b, msgs, msglen);
	put32(&b, (uint32_t)warnings);
	blobcache_add(c->b, key.data, key.len, b.data, b.len);
	buf_free(&key);
	buf_free(&b);
}

void
mdcache_save(struct mdcache *c)
{
	if (c == NULL)
		return;
	blobcache_save(c->b);
	free(c);
}

void
mdcache_free(struct mdcache *c)
{
	if (c == NULL)
		return;
	blobcache_free(c->b);
	free(c);
}
