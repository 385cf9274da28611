#ifndef GONGKAI_BUF_H
#define GONGKAI_BUF_H
/*
 * buf: a growable byte buffer, always NUL-terminated.
 *
 * A zeroed struct buf (BUF_INIT) is an empty buffer; data may be NULL until
 * the first append, so use buf_cstr() when a C string is needed. Growth is
 * 1.5x with an overflow check; out-of-memory dies.
 */
#include <stdarg.h>
#include <stddef.h>

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};

#define BUF_INIT { NULL, 0, 0 }

/* Make room for at least n more bytes (plus the NUL). */
void	buf_grow(struct buf *b, size_t n);
void	buf_append(struct buf *b, const char *p, size_t n);
void	buf_puts(struct buf *b, const char *s);
/* Inline: escapers and renderers call it for every character. */
static inline void
buf_putc(struct buf *b, char c)
{
	if (b->cap - b->len < 2)
		buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}
/* Numbers as buf_printf's "%llu", "%lld" and "%016llx" write them, for
 * the caches' records, thousands of lines a build (printf was most of
 * the time of writing them). */
void	buf_put_u64(struct buf *b, unsigned long long v);
void	buf_put_i64(struct buf *b, long long v);
void	buf_put_hex64(struct buf *b, unsigned long long v);
void	buf_printf(struct buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	buf_vprintf(struct buf *b, const char *fmt, va_list ap);
/* Empty the buffer, keeping its memory. */
void	buf_reset(struct buf *b);
/* Shorten to n bytes (n <= len). */
void	buf_truncate(struct buf *b, size_t n);
/* The contents as a C string; never NULL ("" when empty). */
const char *buf_cstr(const struct buf *b);
/* Hand the bytes to the caller (caller frees), shrunk to fit; the buffer
 * becomes empty. Never NULL. */
char	*buf_detach(struct buf *b);
void	buf_free(struct buf *b);

#endif
