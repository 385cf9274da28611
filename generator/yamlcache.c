/*
 * yamlcache: the last build's front-matter trees (yamlcache.h).
 *
 * SITE/.gongkai/yaml.cache:
 *
 *   gongkai-yaml-cache 1 STAMP\n
 *   SUM\n                       16 hex digits: hash64 of what follows
 *   entries, sorted by key:     u64 hash, u32 len, u32 first_line,
 *                               u32 size, then size bytes of tree
 *
 * A tree node is: one byte (kind | quoted << 2 | has text << 3), then
 * varints line, col, weight and len, the text when it has one (len bytes
 * for a scalar, else its own varint length first), and its len items (a
 * sequence) or len key and value pairs (a mapping). Numbers are in the
 * machine's byte order: the file is this binary's.
 */
#include "yamlcache.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "util.h"

#define YAMLCACHE_MAGIC	"gongkai-yaml-cache 1"
#define YAMLCACHE_FILE	"yaml.cache"
/* larger trees (aliases expanded) are parsed every time */
#define YAMLCACHE_MAX_WEIGHT	4096
#define YAMLCACHE_MAX_DEPTH	80
#define ENTRY_HEAD	(8 + 4 + 4 + 4)

struct yentry {
	uint64_t		 hash;
	uint32_t		 len, first_line;
	const unsigned char	*tree;
	uint32_t		 size;
};

struct yamlcache {
	char			*site_dir;
	char			 stamp[64];
	struct buf		 file;		/* the last build's */
	struct yentry		*old;		/* in it, sorted by key */
	size_t			 nold;
	_Atomic unsigned char	*used;		/* per old entry */
	pthread_mutex_t		 lock;		/* guards fresh */
	struct buf		 fresh;		/* entries parsed now, as
						 * written in the file */
	int			 changed;	/* something to write */
};

static int
key_cmp(uint64_t h1, uint32_t l1, uint32_t f1, uint64_t h2, uint32_t l2,
    uint32_t f2)
{
	if (h1 != h2)
		return h1 < h2 ? -1 : 1;
	if (l1 != l2)
		return l1 < l2 ? -1 : 1;
	return (f1 > f2) - (f1 < f2);
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct yentry *x = a, *y = b;

	return key_cmp(x->hash, x->len, x->first_line, y->hash, y->len,
	    y->first_line);
}

static uint32_t
get32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Entries of p[0..n); -1 when one does not fit. */
static int
read_entries(struct yamlcache *c, const unsigned char *p, size_t n)
{
	size_t at = 0, cap = 0;

	while (at < n) {
		struct yentry e;

		if (n - at < ENTRY_HEAD)
			return -1;
		memcpy(&e.hash, p + at, 8);
		e.len = get32(p + at + 8);
		e.first_line = get32(p + at + 12);
		e.size = get32(p + at + 16);
		at += ENTRY_HEAD;
		if (n - at < e.size)
			return -1;
		e.tree = p + at;
		at += e.size;
		if (c->nold == cap) {
			cap = cap ? cap * 2 : 1024;
			c->old = xrealloc(c->old, cap * sizeof(*c->old));
		}
		c->old[c->nold++] = e;
	}
	return 0;
}

struct yamlcache *
yamlcache_load(const char *site_dir)
{
	struct yamlcache *c = xcalloc(1, sizeof(*c));
	char *path = NULL, head[128], *nl, *end;
	size_t hn, i;
	uint64_t sum;

	pthread_mutex_init(&c->lock, NULL);
	c->site_dir = xstrdup(site_dir);
	if (fs_exe_stamp(c->stamp, sizeof(c->stamp)) < 0) {
		c->stamp[0] = '\0';
		return c;
	}
	snprintf(head, sizeof(head), "%s %s\n", YAMLCACHE_MAGIC, c->stamp);
	hn = strlen(head);
	path = fs_join(site_dir, ".gongkai/" YAMLCACHE_FILE);
	if (fs_read_file(path, &c->file) < 0 || c->file.len < hn + 17 ||
	    memcmp(c->file.data, head, hn) != 0)
		goto none;
	nl = c->file.data + hn + 16;
	sum = strtoull(c->file.data + hn, &end, 16);
	if (end != nl || *nl != '\n' || sum != hash64(nl + 1,
	    c->file.len - hn - 17))
		goto none;
	if (read_entries(c, (const unsigned char *)nl + 1,
	    c->file.len - hn - 17) < 0)
		goto none;
	for (i = 1; i < c->nold; i++)
		if (entry_cmp(&c->old[i - 1], &c->old[i]) >= 0)
			goto none;	/* written sorted, each once */
	c->used = xcalloc(c->nold + 1, sizeof(*c->used));
	free(path);
	return c;
none:
	free(path);
	free(c->old);
	c->old = NULL;
	c->nold = 0;
	buf_free(&c->file);
	c->changed = 1;		/* a usable file replaces it */
	return c;
}

/* ------------------------------------------------------------------ */
/* Trees                                                               */

static void
put_varint(struct buf *b, uint64_t v)
{
	while (v >= 0x80) {
		buf_putc(b, (char)((v & 0x7f) | 0x80));
		v >>= 7;
	}
	buf_putc(b, (char)v);
}

static void
put_node(struct buf *b, const struct ynode *n)
{
	size_t i;

	buf_putc(b, (char)(n->kind | (n->quoted != 0) << 2 |
	    (n->text != NULL) << 3));
	put_varint(b, (uint64_t)n->line);
	put_varint(b, (uint64_t)n->col);
	put_varint(b, n->weight);
	put_varint(b, n->len);
	if (n->text != NULL) {
		if (n->kind == YNODE_SCALAR) {
			buf_append(b, n->text, n->len);
		} else {
			put_varint(b, strlen(n->text));
			buf_puts(b, n->text);
		}
	}
	if (n->kind == YNODE_SEQ)
		for (i = 0; i < n->len; i++)
			put_node(b, n->items[i]);
	else if (n->kind == YNODE_MAP)
		for (i = 0; i < n->len; i++) {
			put_node(b, n->pairs[i].key);
			put_node(b, n->pairs[i].val);
		}
}

struct cursor {
	const unsigned char	*p, *end;
	int			 bad;
};

static uint64_t
get_varint(struct cursor *r)
{
	uint64_t v = 0;
	int sh = 0;

	while (r->p < r->end && sh < 64) {
		unsigned char x = *r->p++;

		v |= (uint64_t)(x & 0x7f) << sh;
		if (!(x & 0x80))
			return v;
		sh += 7;
	}
	r->bad = 1;
	return 0;
}

static struct ynode *
get_node(struct cursor *r, struct arena *a, int depth)
{
	struct ynode *n;
	uint64_t line, col, weight, len, tlen;
	unsigned char head;
	size_t i;

	if (r->bad || r->p >= r->end || depth > YAMLCACHE_MAX_DEPTH) {
		r->bad = 1;
		return NULL;
	}
	head = *r->p++;
	line = get_varint(r);
	col = get_varint(r);
	weight = get_varint(r);
	len = get_varint(r);
	if (r->bad || (head & 3) > YNODE_MAP || head >> 4 != 0 ||
	    line > INT32_MAX || col > INT32_MAX ||
	    len > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return NULL;
	}
	n = arena_alloc(a, sizeof(*n));
	n->kind = (enum ynode_kind)(head & 3);
	n->quoted = head >> 2 & 1;
	n->line = (int)line;
	n->col = (int)col;
	n->weight = (size_t)weight;
	n->len = (size_t)len;
	if (head & 8) {
		tlen = n->kind == YNODE_SCALAR ? len : get_varint(r);
		if (r->bad || tlen > (uint64_t)(r->end - r->p)) {
			r->bad = 1;
			return NULL;
		}
		n->text = arena_strndup(a, (const char *)r->p, (size_t)tlen);
		r->p += tlen;
	}
	if (n->kind == YNODE_SEQ && len > 0) {
		n->items = arena_alloc(a, len * sizeof(*n->items));
		for (i = 0; i < len && !r->bad; i++)
			n->items[i] = get_node(r, a, depth + 1);
	} else if (n->kind == YNODE_MAP && len > 0) {
		n->pairs = arena_alloc(a, len * sizeof(*n->pairs));
		for (i = 0; i < len && !r->bad; i++) {
			n->pairs[i].key = get_node(r, a, depth + 1);
			n->pairs[i].val = get_node(r, a, depth + 1);
		}
	}
	return r->bad ? NULL : n;
}

static const struct yentry *
find(const struct yamlcache *c, uint64_t h, uint32_t len, uint32_t first)
{
	size_t lo = 0, hi = c->nold, mid;
	int k;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		k = key_cmp(c->old[mid].hash, c->old[mid].len,
		    c->old[mid].first_line, h, len, first);
		if (k == 0)
			return &c->old[mid];
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct ynode *
yamlcache_parse(struct yamlcache *c, struct arena *a, const char *path,
    const char *text, size_t len, int first_line)
{
	const struct yentry *e;
	struct ynode *n;
	struct buf b = BUF_INIT;
	uint64_t h;
	uint32_t l32, f32, size;

	if (c == NULL || c->stamp[0] == '\0' || len > UINT32_MAX ||
	    first_line < 0)
		return yaml_parse(a, path, text, len, first_line);
	h = hash64(text, len);
	l32 = (uint32_t)len;
	f32 = (uint32_t)first_line;
	if ((e = find(c, h, l32, f32)) != NULL) {
		struct cursor r = { e->tree, e->tree + e->size, 0 };

		n = get_node(&r, a, 0);
		if (n != NULL && r.p == r.end) {
			atomic_store(&c->used[e - c->old], 1);
			return n;
		}
	}
	/* not known (or not readable): parsed, and remembered when clean */
	n = yaml_parse(a, path, text, len, first_line);
	if (n == NULL || n->weight > YAMLCACHE_MAX_WEIGHT)
		return n;
	put_node(&b, n);
	if (b.len <= UINT32_MAX) {
		size = (uint32_t)b.len;
		pthread_mutex_lock(&c->lock);
		buf_append(&c->fresh, (const char *)&h, 8);
		buf_append(&c->fresh, (const char *)&l32, 4);
		buf_append(&c->fresh, (const char *)&f32, 4);
		buf_append(&c->fresh, (const char *)&size, 4);
		buf_append(&c->fresh, b.data, b.len);
		c->changed = 1;
		pthread_mutex_unlock(&c->lock);
	}
	buf_free(&b);
	return n;
}

/* ------------------------------------------------------------------ */
/* Saving                                                              */

void
yamlcache_save(struct yamlcache *c)
{
	struct yamlcache now;
	struct buf b = BUF_INIT;
	struct yentry *v;
	size_t i, n = 0, k, at;
	char hex[17];

	if (c == NULL)
		return;
	memset(&now, 0, sizeof(now));
	if (c->stamp[0] == '\0' ||
	    read_entries(&now, (const unsigned char *)c->fresh.data,
	    c->fresh.len) < 0)
		goto out;
	for (i = 0; i < c->nold; i++)
		if (!atomic_load(&c->used[i]))
			c->changed = 1;	/* not needed any more */
	if (!c->changed)
		goto out;
	v = xcalloc(c->nold + now.nold + 1, sizeof(*v));
	for (i = 0; i < c->nold; i++)
		if (atomic_load(&c->used[i]))
			v[n++] = c->old[i];
	for (i = 0; i < now.nold; i++)
		v[n++] = now.old[i];
	qsort(v, n, sizeof(*v), entry_cmp);
	buf_printf(&b, "%s %s\n%016x\n", YAMLCACHE_MAGIC, c->stamp, 0);
	at = b.len;
	for (i = 0; i < n; i = k) {
		for (k = i + 1; k < n && entry_cmp(&v[i], &v[k]) == 0; k++)
			;	/* the same text parsed twice */
		buf_append(&b, (const char *)&v[i].hash, 8);
		buf_append(&b, (const char *)&v[i].len, 4);
		buf_append(&b, (const char *)&v[i].first_line, 4);
		buf_append(&b, (const char *)&v[i].size, 4);
		buf_append(&b, (const char *)v[i].tree, v[i].size);
	}
	snprintf(hex, sizeof(hex), "%016" PRIx64, hash64(b.data + at,
	    b.len - at));
	memcpy(b.data + at - 17, hex, 16);
	fs_cache_write(c->site_dir, YAMLCACHE_FILE, b.data, b.len);
	free(v);
out:
	free(now.old);
	buf_free(&b);
	yamlcache_free(c);
}

void
yamlcache_free(struct yamlcache *c)
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
