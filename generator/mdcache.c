/*
 * mdcache: the last build's Markdown (mdcache.h).
 *
 * SITE/.gongkai/markdown.cache is a log:
 *
 *   gongkai-markdown-cache 2 STAMP KEY\n     KEY: 16 hex digits
 *   entries, each: u32 size, u64 hash64 of the size bytes after it:
 *     str path, u64 body hash, u32 body length, u32 body line,
 *     str html, str summary, u32 headings, per heading u32 level,
 *     str id, str text; str messages, u32 warnings
 *
 * where str is a u32 length and the bytes. An entry is a fact (this body
 * at this path, on this site, renders to this), so a rebuild appends the
 * pages it rendered and leaves the rest of the file as it is: rewriting
 * 8.5 MB took longer than the saving it came with. Reading, the last
 * entry of a path counts; one whose bytes do not match its hash (a
 * write cut short) is not used. When the pages no longer use half of the
 * file, it is written again with only what they use. Numbers are in the
 * machine's byte order: the file is this binary's.
 */
#include "mdcache.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "markdown.h"
#include "site.h"
#include "util.h"

#define MDCACHE_MAGIC	"gongkai-markdown-cache 2"
#define ENTRY_HEAD	(4 + 8)
#define MDCACHE_FILE	"markdown.cache"

struct mdentry {
	const unsigned char	*p;		/* after its size and hash */
	uint32_t		 size;
	uint64_t		 hash;
	const char		*path;		/* not NUL-terminated */
	uint32_t		 pathlen;
};

struct mdcache {
	char			*site_dir;
	char			 stamp[64];
	uint64_t		 key;		/* 0: disabled */
	struct buf		 file;
	struct mdentry		*old;		/* sorted by path */
	size_t			 nold;
	_Atomic unsigned char	*used;
	pthread_mutex_t		 lock;		/* guards fresh */
	struct buf		 fresh;		/* entries as in the file */
	size_t			 nfresh;
	int			 valid;		/* the file is this key's */
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

/* A cursor over an entry's bytes. */
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

static uint64_t
take64(struct cur *c)
{
	uint64_t v = 0;

	if (c->end - c->p < 8) {
		c->bad = 1;
		return 0;
	}
	memcpy(&v, c->p, 8);
	c->p += 8;
	return v;
}

/* A string's bytes (not NUL-terminated), or NULL. */
static const char *
take_str(struct cur *c, uint32_t *len)
{
	const char *s;

	*len = take32(c);
	if (c->bad || (size_t)(c->end - c->p) < *len) {
		c->bad = 1;
		return NULL;
	}
	s = (const char *)c->p;
	c->p += *len;
	return s;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct mdentry *x = a, *y = b;
	uint32_t n = x->pathlen < y->pathlen ? x->pathlen : y->pathlen;
	int k = memcmp(x->path, y->path, n);

	return k != 0 ? k : (x->pathlen > y->pathlen) - (x->pathlen < y->pathlen);
}

/* The entries of p[0..n), up to one that does not fit (a write cut
 * short). */
static void
read_entries(const unsigned char *p, size_t n, struct mdentry **v,
    size_t *nv)
{
	size_t at = 0, cap = 0;

	while (n - at >= ENTRY_HEAD) {
		struct mdentry e;
		struct cur c;
		uint32_t size;

		memcpy(&size, p + at, 4);
		memcpy(&e.hash, p + at + 4, 8);
		if (n - at - ENTRY_HEAD < size)
			return;
		e.p = p + at + ENTRY_HEAD;
		e.size = size;
		c.p = e.p;
		c.end = e.p + size;
		c.bad = 0;
		e.path = take_str(&c, &e.pathlen);
		at += ENTRY_HEAD + size;
		if (c.bad)
			continue;
		if (*nv == cap) {
			cap = cap ? cap * 2 : 1024;
			*v = xrealloc(*v, cap * sizeof(**v));
		}
		(*v)[(*nv)++] = e;
	}
}

/* Sorted by path, the later of two entries of a path kept (a stable
 * order: entries compare by path, then by place). */
static int
place_cmp(const void *a, const void *b)
{
	const struct mdentry *x = a, *y = b;
	int k = entry_cmp(a, b);

	return k != 0 ? k : (x->p > y->p) - (x->p < y->p);
}

static void
sort_latest(struct mdentry *v, size_t *n)
{
	size_t i, k = 0;

	if (*n < 2)
		return;
	qsort(v, *n, sizeof(*v), place_cmp);
	for (i = 0; i < *n; i++) {
		if (k > 0 && entry_cmp(&v[k - 1], &v[i]) == 0)
			k--;	/* an older entry of the path */
		v[k++] = v[i];
	}
	*n = k;
}

struct mdcache *
mdcache_load(const char *site_dir, uint64_t key)
{
	struct mdcache *c = xcalloc(1, sizeof(*c));
	char head[160], *path;
	size_t hn;

	pthread_mutex_init(&c->lock, NULL);
	c->site_dir = xstrdup(site_dir);
	c->key = key;
	if (key == 0 || fs_exe_stamp(c->stamp, sizeof(c->stamp)) < 0) {
		c->key = 0;
		return c;
	}
	snprintf(head, sizeof(head), "%s %s %016" PRIx64 "\n", MDCACHE_MAGIC,
	    c->stamp, key);
	hn = strlen(head);
	path = fs_join(site_dir, ".gongkai/" MDCACHE_FILE);
	if (fs_read_file(path, &c->file) == 0 && c->file.len >= hn &&
	    memcmp(c->file.data, head, hn) == 0) {
		read_entries((const unsigned char *)c->file.data + hn,
		    c->file.len - hn, &c->old, &c->nold);
		sort_latest(c->old, &c->nold);
		c->used = xcalloc(c->nold + 1, sizeof(*c->used));
		c->valid = 1;
	} else {
		buf_free(&c->file);
	}
	free(path);
	return c;
}

static char *
dup_str(const char *s, uint32_t n)
{
	char *d = xmalloc((size_t)n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int
mdcache_take(struct mdcache *c, struct page *p)
{
	struct mdentry want, *e;
	struct markdown_heading *h = NULL;
	struct cur r;
	const char *html, *sum, *msgs;
	uint32_t hl, sl, ml, nh, warnings, k, il, tl;
	size_t plen = strlen(p->rel);

	if (c == NULL || c->key == 0 || c->nold == 0 || plen > UINT32_MAX ||
	    p->body_len > UINT32_MAX)
		return 0;
	want.path = p->rel;
	want.pathlen = (uint32_t)plen;
	e = bsearch(&want, c->old, c->nold, sizeof(*c->old), entry_cmp);
	if (e == NULL || hash64(e->p, e->size) != e->hash)
		return 0;
	r.p = e->p;
	r.end = e->p + e->size;
	r.bad = 0;
	take_str(&r, &k);
	if (take64(&r) != hash64(p->body, p->body_len) ||
	    take32(&r) != (uint32_t)p->body_len ||
	    take32(&r) != (uint32_t)p->body_line || r.bad)
		return 0;
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
		h[k].id = dup_str(id, il);
		h[k].text = dup_str(text, tl);
	}
	msgs = take_str(&r, &ml);
	warnings = take32(&r);
	if (r.bad || r.p != r.end) {
		for (k = 0; k < nh; k++) {
			free(h[k].id);
			free(h[k].text);
		}
		free(h);
		return 0;
	}
	p->html = dup_str(html, hl);
	p->auto_summary = dup_str(sum, sl);
	p->headings = h;
	p->nheadings = nh;
	diag_replay(msgs, ml, 0, warnings);
	atomic_store(&c->used[e - c->old], 1);
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
}

void
mdcache_add(struct mdcache *c, const struct page *p, const char *msgs,
    size_t msglen, size_t warnings)
{
	struct buf b = BUF_INIT;
	uint64_t h;
	uint32_t size;
	size_t k;

	if (c == NULL || c->key == 0 || p->html == NULL ||
	    p->body_len > UINT32_MAX || msglen > UINT32_MAX ||
	    warnings > UINT32_MAX)
		return;
	h = hash64(p->body, p->body_len);
	put32(&b, 0);		/* the size and the hash, below */
	buf_append(&b, (const char *)&h, 8);
	put_str(&b, p->rel, strlen(p->rel));
	buf_append(&b, (const char *)&h, 8);
	put32(&b, (uint32_t)p->body_len);
	put32(&b, (uint32_t)p->body_line);
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
	if (b.len - ENTRY_HEAD <= UINT32_MAX) {
		size = (uint32_t)(b.len - ENTRY_HEAD);
		memcpy(b.data, &size, 4);
		h = hash64(b.data + ENTRY_HEAD, size);
		memcpy(b.data + 4, &h, 8);
		pthread_mutex_lock(&c->lock);
		buf_append(&c->fresh, b.data, b.len);
		c->nfresh++;
		pthread_mutex_unlock(&c->lock);
	}
	buf_free(&b);
}

/* Append the new entries to the file, or write it again with only the
 * entries this build used and the new ones: when it is not this key's,
 * or when what the pages use is less than half of it. */
void
mdcache_save(struct mdcache *c)
{
	struct mdentry *v = NULL;
	struct buf b = BUF_INIT;
	size_t n = 0, i, live = 0;
	char *path;
	FILE *f;

	if (c == NULL)
		return;
	if (c->key == 0)
		goto out;
	for (i = 0; i < c->nold; i++)
		if (atomic_load(&c->used[i]))
			live += ENTRY_HEAD + c->old[i].size;
	if (c->valid && (live + c->fresh.len) * 2 >= c->file.len) {
		if (c->nfresh == 0)
			goto out;
		path = fs_join(c->site_dir, ".gongkai/" MDCACHE_FILE);
		if ((f = fopen(path, "ab")) != NULL) {
			fwrite(c->fresh.data, 1, c->fresh.len, f);
			fclose(f);
		}
		free(path);
		goto out;
	}
	v = xcalloc(c->nold + 1, sizeof(*v));
	for (i = 0; i < c->nold; i++)
		if (atomic_load(&c->used[i]))
			v[n++] = c->old[i];
	buf_grow(&b, live + c->fresh.len + 200);
	buf_printf(&b, "%s %s %016" PRIx64 "\n", MDCACHE_MAGIC, c->stamp,
	    c->key);
	for (i = 0; i < n; i++) {
		buf_append(&b, (const char *)v[i].p - ENTRY_HEAD,
		    ENTRY_HEAD + v[i].size);
	}
	buf_append(&b, c->fresh.data, c->fresh.len);
	fs_cache_write(c->site_dir, MDCACHE_FILE, b.data, b.len);
out:
	free(v);
	buf_free(&b);
	mdcache_free(c);
}

void
mdcache_free(struct mdcache *c)
{
	if (c == NULL)
		return;
	free(c->old);
	free((void *)c->used);
	buf_free(&c->file);
	buf_free(&c->fresh);
	pthread_mutex_destroy(&c->lock);
	free(c->site_dir);
	free(c);
}
