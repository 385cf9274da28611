#include "arena.h"

#include <stdalign.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Blocks are at least this big; larger requests get a block of their own. */
#define ARENA_BLOCK	(64 * 1024)

struct arena_block {
	struct arena_block	*next;
	size_t			 used, cap;
	int			 pooled;	/* from the pool below */
	alignas(max_align_t) unsigned char data[];
};

/* what an ordinary block holds: with its head, ARENA_BLOCK bytes */
#define BLOCK_CAP	(ARENA_BLOCK - sizeof(struct arena_block))

/*
 * The blocks of ARENA_BLOCK come from a pool of 2 MB-aligned regions that
 * the kernel may back with transparent huge pages (madvise(2); Debian's
 * default THP mode is "madvise"): each fresh 4 KB page touched is a page
 * fault, and a rebuild of the corpus took 19,000 of them, most in the
 * arenas. A freed block goes back to the pool for the next arena, not to
 * the system. Under AddressSanitizer blocks stay malloc(3)'s, so leaks
 * and overflows past a block are still caught.
 */
#if defined(__SANITIZE_ADDRESS__) || defined(__linux__) == 0
#define ARENA_POOL	0
#else
#define ARENA_POOL	1
#endif

#if ARENA_POOL
#include <pthread.h>
#include <sys/mman.h>

#define POOL_HUGE	(2u << 20)
#define POOL_REGION	(8u << 20)	/* a multiple of POOL_HUGE */

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t pool_once = PTHREAD_ONCE_INIT;
static struct arena_block *pool_free;	/* blocks given back */
static unsigned char *pool_next, *pool_end;	/* the region being cut */

/* a fork (the libtidy workers) never finds the pool locked */
static void pool_prepare(void) { pthread_mutex_lock(&pool_lock); }
static void pool_release(void) { pthread_mutex_unlock(&pool_lock); }
static void pool_init(void)
{
	pthread_atfork(pool_prepare, pool_release, pool_release);
}

/* A block of BLOCK_CAP bytes, or NULL (mmap failed: take malloc's). */
static struct arena_block *
pool_get(void)
{
	struct arena_block *b;

	pthread_once(&pool_once, pool_init);
	pthread_mutex_lock(&pool_lock);
	if ((b = pool_free) != NULL) {
		pool_free = b->next;
	} else {
		if (pool_next == pool_end) {
			/* one huge page more than the region, to align it */
			unsigned char *m = mmap(NULL, POOL_REGION + POOL_HUGE,
			    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			    -1, 0);
			uintptr_t at;

			if (m == MAP_FAILED) {
				pthread_mutex_unlock(&pool_lock);
				return NULL;
			}
			at = ((uintptr_t)m + POOL_HUGE - 1) &
			    ~(uintptr_t)(POOL_HUGE - 1);
			if (at > (uintptr_t)m)
				munmap(m, at - (uintptr_t)m);
			if (at + POOL_REGION < (uintptr_t)m + POOL_REGION +
			    POOL_HUGE)
				munmap((void *)(at + POOL_REGION),
				    (uintptr_t)m + POOL_REGION + POOL_HUGE -
				    (at + POOL_REGION));
			pool_next = (unsigned char *)at;
			pool_end = pool_next + POOL_REGION;
			madvise(pool_next, POOL_REGION, MADV_HUGEPAGE);
		}
		b = (struct arena_block *)(void *)pool_next;
		pool_next += ARENA_BLOCK;
	}
	pthread_mutex_unlock(&pool_lock);
	b->cap = BLOCK_CAP;
	b->pooled = 1;
	return b;
}
#endif

static struct arena_block *
block_new(size_t cap)
{
	struct arena_block *b;

#if ARENA_POOL
	if (cap == BLOCK_CAP && (b = pool_get()) != NULL)
		return b;
#endif
	b = xmalloc(sizeof(*b) + cap);
	b->cap = cap;
	b->pooled = 0;
	return b;
}

static void
block_free(struct arena_block *b)
{
#if ARENA_POOL
	if (b->pooled) {
		pthread_mutex_lock(&pool_lock);
		b->next = pool_free;
		pool_free = b;
		pthread_mutex_unlock(&pool_lock);
		return;
	}
#endif
	free(b);
}

/* n bytes, aligned; zeroed when zero is set (a string about to be
 * written whole need not be: the sources copied into the arena are
 * 7 MB on the corpus). */
static void *
alloc(struct arena *a, size_t n, int zero)
{
	struct arena_block *b = a->head;
	size_t align = alignof(max_align_t), off;

	if (n > SIZE_MAX / 2)
		die("記憶體不足 (out of memory)");
	if (b != NULL) {
		off = (b->used + align - 1) & ~(align - 1);
		if (off + n <= b->cap) {
			b->used = off + n;
			a->total += n;
			if (zero)
				memset(b->data + off, 0, n);
			return b->data + off;
		}
	}
	b = block_new(n > BLOCK_CAP ? n : BLOCK_CAP);
	b->used = n;
	b->next = a->head;
	a->head = b;
	a->total += n;
	if (zero)
		memset(b->data, 0, n);
	return b->data;
}

void *
arena_alloc(struct arena *a, size_t n)
{
	return alloc(a, n, 1);
}

char *
arena_strndup(struct arena *a, const char *p, size_t n)
{
	char *s = alloc(a, n + 1, 0);

	if (n)
		memcpy(s, p, n);
	s[n] = '\0';
	return s;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, "");
	s = alloc(a, (size_t)n + 1, 0);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

void
arena_adopt(struct arena *dst, struct arena *src)
{
	struct arena_block *last;

	if (src->head == NULL)
		return;
	if (dst->head == NULL) {
		dst->head = src->head;
	} else {
		/* behind dst's current block, which keeps serving dst */
		for (last = src->head; last->next != NULL; last = last->next)
			;
		last->next = dst->head->next;
		dst->head->next = src->head;
	}
	dst->total += src->total;
	src->head = NULL;
	src->total = 0;
}

void
arena_reset(struct arena *a)
{
	struct arena_block *b, *next;

	if (a->head == NULL)
		return;
	/* keep the oldest block: it is the usual working size */
	for (b = a->head; b->next != NULL; b = next) {
		next = b->next;
		block_free(b);
	}
	b->used = 0;
	a->head = b;
	a->total = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_block *b, *next;

	for (b = a->head; b != NULL; b = next) {
		next = b->next;
		block_free(b);
	}
	a->head = NULL;
	a->total = 0;
}
