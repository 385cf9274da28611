#ifndef GONGKAI_BLOBCACHE_H
#define GONGKAI_BLOBCACHE_H
/*
 * blobcache: a cache file of facts, values keyed by bytes, under
 * SITE/.gongkai/NAME: yamlcache.c keeps the front matter's YAML trees in
 * one, mdcache.c the pages' Markdown.
 *
 * An entry is a fact (this key always gives this value), so a build
 * appends the entries it added and leaves the rest of the file as it is
 * (rewriting the corpus's 8.5 MB of Markdown took longer than the time it
 * saved). The file is a log:
 *
 *   MAGIC STAMP KEY\n           the binary by its bytes; the caller's key
 *   entries, each: u32 size, u64 hash64 of the size bytes after it,
 *                  u32 key length, the key, the value
 *
 * Reading, an entry whose bytes do not match its hash (a write cut short,
 * a byte changed) is not used. When the entries a build used are less
 * than half of the file, it is written again (atomically) with only those
 * and the new ones. Numbers are in the machine's byte order: the file is
 * this binary's. A missing or foreign file is an empty cache; lookups and
 * additions are thread-safe. The file is mapped (fs_map_file), which is
 * safe because it is only ever appended to or replaced by a rename.
 */
#include <stddef.h>
#include <stdint.h>

struct blobcache;

/* Read SITE_DIR/.gongkai/NAME, made under magic and key (0: a cache that
 * never finds nor saves). Never NULL. */
struct blobcache *blobcache_load(const char *site_dir, const char *name,
		    const char *magic, uint64_t key);
/* The value stored under key[0..klen) (*vlen bytes, valid until the
 * cache is freed), marked as used by this build; NULL when none. */
const unsigned char *blobcache_find(struct blobcache *c, const void *key,
		    size_t klen, size_t *vlen);
/* Store val under key for the next build. */
void		 blobcache_add(struct blobcache *c, const void *key,
		    size_t klen, const void *val, size_t vlen);
/* Write what this build used and added (see above) and free c. */
void		 blobcache_save(struct blobcache *c);
void		 blobcache_free(struct blobcache *c);

/* Values are written with these: unsigned LEB128 varints, read by a
 * cursor that is marked bad instead of reading past its end (a value
 * that checked by its hash but does not parse is not used). */
struct buf;
struct blob_cursor {
	const unsigned char	*p, *end;
	int			 bad;
};
void		 blob_put_varint(struct buf *b, uint64_t v);
uint64_t	 blob_get_varint(struct blob_cursor *r);

#endif
