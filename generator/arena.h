#ifndef GONGKAI_ARENA_H
#define GONGKAI_ARENA_H
/*
 * arena: bump allocation for memory that dies together (one page's render,
 * one template context). Everything allocated is valid until arena_reset()
 * or arena_free(). Not thread-safe: use one arena per thread or per page.
 * Never keep an arena in a file static.
 */
#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block	*head;
	size_t			 total;	/* bytes handed out, for statistics */
};

#define ARENA_INIT { NULL, 0 }

/* Zeroed memory, aligned for any type; never NULL (dies on OOM). */
void	*arena_alloc(struct arena *a, size_t n);
/* Copy of p[0..n) with a NUL appended. */
/* n bytes, not zeroed: for what is about to be written whole. */
void	*arena_alloc_raw(struct arena *a, size_t n);
char	*arena_strndup(struct arena *a, const char *p, size_t n);
char	*arena_strdup(struct arena *a, const char *s);
char	*arena_printf(struct arena *a, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Move every block of src into dst (src becomes empty): what was
 * allocated from src now lives as long as dst. For merging per-thread
 * arenas. */
void	 arena_adopt(struct arena *dst, struct arena *src);
/* Free everything but keep the first block for reuse. */
void	 arena_reset(struct arena *a);
void	 arena_free(struct arena *a);

#endif
