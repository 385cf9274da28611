#ifndef GONGKAI_CHECKCACHE_H
#define GONGKAI_CHECKCACHE_H
/*
 * checkcache: the pages a previous build checked and found clean, so a
 * rebuild does not check them again (libtidy is the slowest stage and
 * checks one page at a time).
 *
 * An entry is (output path, length and 64-bit hash of the page's bytes).
 * Only pages with no finding at all are remembered: a page with findings
 * is checked every time, so its messages (and the template findings
 * held until the end of the build) are always reported. The file,
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
/* Remember that path with these bytes is clean now. */
void	checkcache_add(struct checkcache *c, const char *path, uint64_t hash,
	    size_t len);
/* Write the pages clean in this build (atomically) and free c. */
void	checkcache_save(struct checkcache *c);
void	checkcache_free(struct checkcache *c);

#endif
