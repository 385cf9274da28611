#ifndef GONGKAI_UTIL_H
#define GONGKAI_UTIL_H
/*
 * util: allocation that never returns NULL, die(), a sorting wrapper and
 * a monotonic clock, a hash.
 *
 * xmalloc/xcalloc/xrealloc/xstrdup/xstrndup exit the process with status 2
 * on out-of-memory (sblg util.c); callers never check for NULL.
 */
#include <stddef.h>
#include <stdint.h>

void *xmalloc(size_t n);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Print "gongkai: message" to stderr and exit(2). For out-of-memory and an
 * output directory that cannot be written, never for bad user input. */
void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* qsort that accepts an empty (NULL) array (qsort(NULL, 0, …) is
 * undefined behaviour, and sanitizers say so) and leaves an array that
 * is already in order as it is: what glibc's stable sort would give. */
void	xqsort(void *base, size_t n, size_t size,
	    int (*cmp)(const void *, const void *));

/* Milliseconds on the monotonic clock: for timing phases and waits, never
 * for anything that reaches the output. */
double	now_ms(void);
/* This process's peak resident memory so far, in KiB (--verbose). */
long	peak_rss_kb(void);

/* MurmurHash64A: for caches that compare lengths too (check.cache,
 * render.cache), never for anything that reaches the output. */
uint64_t	hash64(const void *data, size_t len);

/* In v[0..n), elements of `size` bytes sorted by the size_t at byte
 * offset `field` in each (a source map's offsets), the index of the last
 * element whose value is at most key; n when there is none. */
size_t	last_at_or_before(const void *v, size_t n, size_t size, size_t field,
	    size_t key);

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#endif
