#ifndef GONGKAI_PATHTAB_H
#define GONGKAI_PATHTAB_H
/*
 * pathtab: what a cache of the build knows per output file, the last
 * build's entries (loaded, sorted by path, looked up) beside this
 * build's (added from any thread, sorted when saved). check.cache
 * (checkcache.h) and render.cache (rendercache.h) are two; each reads
 * and writes its own file.
 */
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct pathtab_entry {
	char		*path;		/* under the output folder */
	uint64_t	 hash;		/* hash64 of the file's bytes */
	size_t		 len;
	uint64_t	 inputs;	/* render.cache: its digest;
					 * check.cache: libtidy's text's */
	long long	 mtime;		/* render.cache: the published file's */
};

struct pathtab {
	struct pathtab_entry	*old;		/* the last build's, by path */
	size_t			 nold, capold;
	struct pathtab_entry	*now;		/* this build's */
	size_t			 nnow, capnow;
	pthread_mutex_t		 lock;		/* guards now */
};

void	pathtab_init(struct pathtab *t);
/*
 * Load the last build's entries from SITE_DIR/.gongkai/NAME when the file
 * begins with head (its first line or lines, without the last newline):
 * parse reads each later line (NUL-terminated, writable) into an entry,
 * its path malloc'd, and answers 0 to keep it. A missing file or another
 * head loads nothing; a damaged last line is left out.
 */
/* Whether pathtab_read would load an entry: the file begins with head and
 * a line follows it. Reads the file's first bytes only. */
int	pathtab_known(const char *site_dir, const char *name, const char *head);
void	pathtab_read(struct pathtab *t, const char *site_dir, const char *name,
	    const char *head, int (*parse)(char *line, struct pathtab_entry *e));
/* The last build's entry for path, or NULL. */
const struct pathtab_entry *pathtab_find(const struct pathtab *t,
	    const char *path);
/* Add this build's entry (path is copied). Thread-safe. */
void	pathtab_add(struct pathtab *t, const char *path, uint64_t hash,
	    size_t len, uint64_t inputs);
/* Sort this build's entries by path, for writing them. */
void	pathtab_sort(struct pathtab *t);
void	pathtab_free(struct pathtab *t);

#endif
