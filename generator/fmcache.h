#ifndef GONGKAI_FMCACHE_H
#define GONGKAI_FMCACHE_H
/*
 * fmcache: the page fields the last build read from each source's front
 * matter (frontmatter.c and kinds.c: title, dates, codes, plan items, SOP
 * steps, ...), so that a rebuild reads the keys of only the sources that
 * changed (issue 8: "a rebuild redoes only the pages whose inputs
 * changed"). On the 5,000-page corpus, rebuilding every YAML tree from
 * yaml.cache and reading its keys was half of the parse step's CPU after
 * an edit, and checking the sources' UTF-8 another seventh.
 *
 * What frontmatter_parse_with fills is a function of the source's bytes
 * and of the page's path, type and section kind (it reads no
 * configuration): an entry is keyed by all of them (the text by its
 * hash64 and length) and holds the fields, serialised, with the warnings
 * the parse printed, which a rebuild prints and counts again (not under
 * --strict, where they are errors: that page is parsed again). A parse
 * with an error is not remembered: an entry owes no other message. A
 * parse whose messages are suspended (diag_suspend, for an old revision)
 * is an entry of its own, keyed apart, that holds none; the same text
 * parsed as a page is another entry, with its messages. Pointers that
 * kinds_link sets later are not kept.
 *
 * The entries live in SITE/.gongkai/frontmatter.cache, a blobcache
 * (blobcache.h: tied to the binary, each entry checked by its hash, a
 * build appending what it parsed). Lookups and additions are
 * thread-safe.
 */
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "site.h"

struct fmcache;
struct yamlcache;

/* Read SITE_DIR/.gongkai/frontmatter.cache; never NULL. */
struct fmcache	*fmcache_load(const char *site_dir);
/* As frontmatter_parse_with(a, yc, text, len, p), through c (NULL: none):
 * the fields of an entry for this text and page, else what
 * frontmatter_parse_with makes of it. hash is hash64(text, len). */
int		 fmcache_parse(struct fmcache *c, struct yamlcache *yc,
		    struct arena *a, const char *text, size_t len,
		    uint64_t hash, struct page *p);
/* Write the entries this build used (atomically) and free c. */
void		 fmcache_save(struct fmcache *c);
void		 fmcache_free(struct fmcache *c);

#endif
