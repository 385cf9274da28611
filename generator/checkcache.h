#ifndef GONGKAI_CHECKCACHE_H
#define GONGKAI_CHECKCACHE_H
/*
 * checkcache: the pages a previous build checked and found clean, so a
 * rebuild does not check them again (libtidy is the slowest stage and
 * checks one page at a time).
 *
 * An entry is (output path, length and 64-bit hash of the page's bytes,
 * the digest of the text libtidy read). The bytes are remembered only
 * for a page with no finding at all: a page with findings is checked
 * every time, so its messages (and the template findings held until the
 * end of the build) are always reported. The digest is remembered when
 * libtidy said nothing about that text (check.h: tidy_clean): a page
 * checked again that gives libtidy the same text (the FAQ index after
 * an answer's edit) is read by our rules only. The file,
 * SITE/.gongkai/check.cache, is tied to the gongkai binary (its size and
 * mtime): a different checker forgets everything. A missing, foreign or
 * damaged file is an empty cache. Lookups and additions are thread-safe.
 */
#include <stddef.h>
#include <stdint.h>

#include "pathtab.h"

struct checkcache {
	char			*site_dir;
	char			 stamp[64];	/* the binary's identity */
	struct pathtab		 pages;		/* old: clean last time; now:
						 * clean in this build */
};

/* Read SITE_DIR/.gongkai/check.cache. */
void	checkcache_load(struct checkcache *c, const char *site_dir);
/* 1 if path with these bytes was clean in the previous build. */
int	checkcache_clean(const struct checkcache *c, const char *path,
	    uint64_t hash, size_t len);
/* The digest of a text libtidy said nothing about on path in the
 * previous build, or 0. */
uint64_t checkcache_tidy_clean(const struct checkcache *c, const char *path);
/* Remember path: clean with these bytes (hash and len; 0 and 0: it had
 * findings), and tidy, the digest of the text libtidy said nothing
 * about (0: none). */
void	checkcache_add(struct checkcache *c, const char *path, uint64_t hash,
	    size_t len, uint64_t tidy);
/* Write the pages clean in this build (atomically) and free c. */
void	checkcache_save(struct checkcache *c);
void	checkcache_free(struct checkcache *c);

#endif
