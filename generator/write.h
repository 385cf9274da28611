#ifndef GONGKAI_WRITE_H
#define GONGKAI_WRITE_H
/*
 * write: the output folder, replaced as a whole or not at all.
 *
 * write_begin makes a fresh temporary folder next to the output folder;
 * files go there; write_commit swaps it into place (an atomic exchange
 * with renameat2 when the output exists) and removes the old tree;
 * write_abort removes the temporary folder, leaving the previous output
 * untouched. A struct output opened with out_dir == NULL writes nothing
 * (for `gongkai check`).
 */
#include <stddef.h>

struct output {
	char	*final;		/* the output folder */
	char	*tmp;		/* where files are written; NULL for dry runs */
	_Atomic size_t files;	/* files written (write_* may run on
				 * several threads at once) */
	_Atomic size_t bytes;
};

/* 0, or -1 with a message printed (environment error). */
int	write_begin(struct output *o, const char *out_dir);
/* rel is relative to the output folder. Dies if the disk refuses. */
void	write_file(struct output *o, const char *rel, const char *data,
	    size_t len);
void	write_copy(struct output *o, const char *rel, const char *src);
int	write_commit(struct output *o);
void	write_abort(struct output *o);

#endif
