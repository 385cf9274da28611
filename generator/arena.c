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
	alignas(max_align_t) unsigned char data[];
};

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
	size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
	b = xmalloc(sizeof(*b) + cap);
	b->cap = cap;
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

void *
arena_alloc_raw(struct arena *a, size_t n)
{
	return alloc(a, n, 0);
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
		free(b);
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
		free(b);
	}
	a->head = NULL;
	a->total = 0;
}
