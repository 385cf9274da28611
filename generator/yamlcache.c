/*
 * yamlcache: the last build's front-matter trees (yamlcache.h), in a
 * blobcache (blobcache.h) under .gongkai/yaml.cache.
 *
 * The key is the text's hash64, its length and its first line (u64, u32,
 * u32). The value is the tree: each node one byte (kind | quoted << 2 |
 * has text << 3), then varints line, col, weight and len, the text when
 * it has one (len bytes for a scalar, else its own varint length first),
 * and its len items (a sequence) or len key and value pairs (a mapping).
 */
#include "yamlcache.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "blobcache.h"
#include "buf.h"
#include "util.h"

#define YAMLCACHE_MAGIC	"gongkai-yaml-cache 2"
#define YAMLCACHE_FILE	"yaml.cache"
/* larger trees (aliases expanded) are parsed every time */
#define YAMLCACHE_MAX_WEIGHT	4096
#define YAMLCACHE_MAX_DEPTH	80

struct yamlcache {
	struct blobcache	*b;
};

struct yamlcache *
yamlcache_load(const char *site_dir)
{
	struct yamlcache *c = xcalloc(1, sizeof(*c));

	c->b = blobcache_load(site_dir, YAMLCACHE_FILE, YAMLCACHE_MAGIC, 1);
	return c;
}

/* ------------------------------------------------------------------ */
/* Trees                                                               */

static void
put_node(struct buf *b, const struct ynode *n)
{
	size_t i;

	buf_putc(b, (char)(n->kind | (n->quoted != 0) << 2 |
	    (n->text != NULL) << 3));
	blob_put_varint(b, (uint64_t)n->line);
	blob_put_varint(b, (uint64_t)n->col);
	blob_put_varint(b, n->weight);
	blob_put_varint(b, n->len);
	if (n->text != NULL) {
		if (n->kind == YNODE_SCALAR) {
			buf_append(b, n->text, n->len);
		} else {
			blob_put_varint(b, strlen(n->text));
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

static struct ynode *
get_node(struct blob_cursor *r, struct arena *a, int depth)
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
	line = blob_get_varint(r);
	col = blob_get_varint(r);
	weight = blob_get_varint(r);
	len = blob_get_varint(r);
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
		tlen = n->kind == YNODE_SCALAR ? len : blob_get_varint(r);
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

/* The key of a text: its hash, length and first line. */
static void
make_key(unsigned char key[16], const char *text, size_t len,
    int first_line)
{
	uint64_t h = hash64(text, len);
	uint32_t l = (uint32_t)len, f = (uint32_t)first_line;

	memcpy(key, &h, 8);
	memcpy(key + 8, &l, 4);
	memcpy(key + 12, &f, 4);
}

struct ynode *
yamlcache_parse(struct yamlcache *c, struct arena *a, const char *path,
    const char *text, size_t len, int first_line)
{
	const unsigned char *v;
	unsigned char key[16];
	struct ynode *n;
	struct buf b = BUF_INIT;
	size_t vlen;

	if (c == NULL || len > UINT32_MAX || first_line < 0)
		return yaml_parse(a, path, text, len, first_line);
	make_key(key, text, len, first_line);
	if ((v = blobcache_find(c->b, key, sizeof(key), &vlen)) != NULL) {
		struct blob_cursor r = { v, v + vlen, 0 };

		n = get_node(&r, a, 0);
		if (n != NULL && r.p == r.end)
			return n;
	}
	/* not known (or not readable): parsed, and remembered when clean */
	n = yaml_parse(a, path, text, len, first_line);
	if (n == NULL || n->weight > YAMLCACHE_MAX_WEIGHT)
		return n;
	put_node(&b, n);
	blobcache_add(c->b, key, sizeof(key), b.data, b.len);
	buf_free(&b);
	return n;
}

void
yamlcache_save(struct yamlcache *c)
{
	if (c == NULL)
		return;
	blobcache_save(c->b);
	free(c);
}

void
yamlcache_free(struct yamlcache *c)
{
	if (c == NULL)
		return;
	blobcache_free(c->b);
	free(c);
}
