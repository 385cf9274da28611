/*
 * blobcache: values keyed by bytes, in a log under .gongkai/ (blobcache.h).
 */
#include "blobcache.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "util.h"

#define ENTRY_HEAD	(4 + 8)	/* size, hash */

struct bentry {
	const unsigned char	*p;	/* the size bytes after the head */
	uint32_t		 size;
	uint64_t		 hash;
	const unsigned char	*key;
	uint32_t		 klen;
};

struct blobcache {
	char			*site_dir, *name;
	char			 head[200];	/* the file's first line */
	uint64_t		 key;		/* 0: disabled */
	struct fs_map		 file;		/* mapped (fs.h) */
	int			 valid;		/* file begins with head */
	struct bentry		*old;		/* by key, each key once */
	size_t			 nold;
	_Atomic unsigned char	*used;		/* per old entry */
	pthread_mutex_t		 lock;		/* guards fresh */
	struct buf		 fresh;		/* new entries, as written */
	size_t			 nfresh;
};

static int
key_cmp(const unsigned char *a, uint32_t na, const unsigned char *b,
    uint32_t nb)
{
	int k = memcmp(a, b, na < nb ? na : nb);

	return k != 0 ? k : (na > nb) - (na < nb);
}

/* By key, then by place in the file (the later entry of a key counts). */
static int
place_cmp(const void *a, const void *b)
{
	const struct bentry *x = a, *y = b;
	int k = key_cmp(x->key, x->klen, y->key, y->klen);

	return k != 0 ? k : (x->p > y->p) - (x->p < y->p);
}

/* The entries of p[0..n) whose key fits, up to one that does not fit (a
 * write cut short): their bytes are checked when they are found. */
static void
read_entries(const unsigned char *p, size_t n, struct bentry **v,
    size_t *nv)
{
	size_t at = 0, cap = 0;

	while (n - at >= ENTRY_HEAD) {
		struct bentry e;

		memcpy(&e.size, p + at, 4);
		memcpy(&e.hash, p + at + 4, 8);
		if (n - at - ENTRY_HEAD < e.size)
			return;
		e.p = p + at + ENTRY_HEAD;
		at += ENTRY_HEAD + e.size;
		if (e.size < 4)
			continue;
		memcpy(&e.klen, e.p, 4);
		if (e.klen > e.size - 4)
			continue;
		e.key = e.p + 4;
		if (*nv == cap) {
			cap = cap ? cap * 2 : 1024;
			*v = xrealloc(*v, cap * sizeof(**v));
		}
		(*v)[(*nv)++] = e;
	}
}

struct blobcache *
blobcache_load(const char *site_dir, const char *name, const char *magic,
    uint64_t key)
{
	struct blobcache *c = xcalloc(1, sizeof(*c));
	char stamp[64], *dir, *path;
	size_t hn, i, k = 0;

	pthread_mutex_init(&c->lock, NULL);
	c->site_dir = xstrdup(site_dir);
	c->name = xstrdup(name);
	c->key = key;
	if (key == 0 || fs_exe_stamp(stamp, sizeof(stamp)) < 0) {
		c->key = 0;
		return c;
	}
	snprintf(c->head, sizeof(c->head), "%s %s %016" PRIx64 "\n", magic,
	    stamp, key);
	hn = strlen(c->head);
	dir = fs_join(site_dir, ".gongkai");
	path = fs_join(dir, name);
	free(dir);
	if (fs_map_file(path, &c->file) == 0 && c->file.len >= hn &&
	    memcmp(c->file.data, c->head, hn) == 0) {
		c->valid = 1;
		read_entries(c->file.data + hn,
		    c->file.len - hn, &c->old, &c->nold);
		if (c->nold > 1)
			qsort(c->old, c->nold, sizeof(*c->old), place_cmp);
		for (i = 0; i < c->nold; i++) {
			if (k > 0 && key_cmp(c->old[k - 1].key,
			    c->old[k - 1].klen, c->old[i].key,
			    c->old[i].klen) == 0)
				k--;	/* an earlier entry of the key */
			c->old[k++] = c->old[i];
		}
		c->nold = k;
		c->used = xcalloc(c->nold + 1, sizeof(*c->used));
	} else {
		fs_unmap(&c->file);
	}
	free(path);
	return c;
}

const unsigned char *
blobcache_find(struct blobcache *c, const void *key, size_t klen,
    size_t *vlen)
{
	size_t lo = 0, hi, mid;
	int k;

	if (c == NULL || c->key == 0 || klen > UINT32_MAX)
		return NULL;
	hi = c->nold;
	while (lo < hi) {
		struct bentry *e;

		mid = lo + (hi - lo) / 2;
		e = &c->old[mid];
		k = key_cmp(e->key, e->klen, key, (uint32_t)klen);
		if (k < 0) {
			lo = mid + 1;
		} else if (k > 0) {
			hi = mid;
		} else {
			if (hash64(e->p, e->size) != e->hash)
				return NULL;	/* changed since written */
			atomic_store(&c->used[mid], 1);
			*vlen = e->size - 4 - e->klen;
			return e->key + e->klen;
		}
	}
	return NULL;
}

void
blobcache_add(struct blobcache *c, const void *key, size_t klen,
    const void *val, size_t vlen)
{
	struct buf b = BUF_INIT;
	uint32_t size, kl;
	uint64_t h;

	if (c == NULL || c->key == 0 || klen > UINT32_MAX ||
	    vlen > UINT32_MAX - 4 - klen)
		return;
	size = (uint32_t)(4 + klen + vlen);
	kl = (uint32_t)klen;
	buf_grow(&b, ENTRY_HEAD + size);
	buf_append(&b, (const char *)&size, 4);
	buf_append(&b, "\0\0\0\0\0\0\0\0", 8);	/* the hash, below */
	buf_append(&b, (const char *)&kl, 4);
	buf_append(&b, key, klen);
	buf_append(&b, val, vlen);
	h = hash64(b.data + ENTRY_HEAD, size);
	memcpy(b.data + 4, &h, 8);
	pthread_mutex_lock(&c->lock);
	buf_append(&c->fresh, b.data, b.len);
	c->nfresh++;
	pthread_mutex_unlock(&c->lock);
	buf_free(&b);
}

void
blobcache_save(struct blobcache *c)
{
	struct buf b = BUF_INIT;
	size_t i, live = 0;
	char *dir, *path;
	FILE *f;

	if (c == NULL)
		return;
	if (c->key == 0)
		goto out;
	for (i = 0; i < c->nold; i++)
		if (atomic_load(&c->used[i]))
			live += ENTRY_HEAD + c->old[i].size;
	if (c->valid && (live + c->fresh.len) * 2 >= c->file.len) {
		/* most of the file is still used: append */
		if (c->nfresh == 0)
			goto out;
		dir = fs_join(c->site_dir, ".gongkai");
		path = fs_join(dir, c->name);
		if ((f = fopen(path, "ab")) != NULL) {
			fwrite(c->fresh.data, 1, c->fresh.len, f);
			fclose(f);
		}
		free(path);
		free(dir);
		goto out;
	}
	buf_grow(&b, strlen(c->head) + live + c->fresh.len);
	buf_puts(&b, c->head);
	for (i = 0; i < c->nold; i++)
		if (atomic_load(&c->used[i]))
			buf_append(&b, (const char *)c->old[i].p - ENTRY_HEAD,
			    ENTRY_HEAD + c->old[i].size);
	buf_append(&b, c->fresh.data, c->fresh.len);
	fs_cache_write(c->site_dir, c->name, b.data, b.len);
out:
	buf_free(&b);
	blobcache_free(c);
}

void
blobcache_free(struct blobcache *c)
{
	if (c == NULL)
		return;
	free(c->old);
	free((void *)c->used);
	fs_unmap(&c->file);
	buf_free(&c->fresh);
	pthread_mutex_destroy(&c->lock);
	free(c->site_dir);
	free(c->name);
	free(c);
}

void
blob_put_varint(struct buf *b, uint64_t v)
{
	while (v >= 0x80) {
		buf_putc(b, (char)((v & 0x7f) | 0x80));
		v >>= 7;
	}
	buf_putc(b, (char)v);
}

uint64_t
blob_get_varint(struct blob_cursor *r)
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
