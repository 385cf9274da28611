#include "buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

void
buf_grow(struct buf *b, size_t n)
{
	size_t need, cap;

	if (n > SIZE_MAX - b->len - 1)
		die("緩衝區過大 (buffer overflow)");
	need = b->len + n + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 3 * 2 ? need : cap + cap / 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_append(struct buf *b, const char *p, size_t n)
{
	buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_append(b, s, strlen(s));
}

void
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list aq;
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n;

	/* formatted once when it fits in the room left (the caches write
	 * tens of thousands of lines into one growing buffer), else
	 * measured by that attempt and formatted again */
	va_copy(aq, ap);
	n = vsnprintf(room > 0 ? b->data + b->len : NULL, room, fmt, aq);
	va_end(aq);
	if (n < 0) {
		if (b->data != NULL)
			b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
}

void
buf_put_u64(struct buf *b, unsigned long long v)
{
	char d[24];
	size_t n = sizeof(d);

	do {
		d[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	buf_append(b, d + n, sizeof(d) - n);
}

void
buf_put_i64(struct buf *b, long long v)
{
	if (v < 0) {
		buf_putc(b, '-');
		buf_put_u64(b, 0ULL - (unsigned long long)v);
	} else
		buf_put_u64(b, (unsigned long long)v);
}

void
buf_put_hex64(struct buf *b, unsigned long long v)
{
	static const char hex[] = "0123456789abcdef";
	char d[16];
	int i;

	for (i = 15; i >= 0; i--, v >>= 4)
		d[i] = hex[v & 15];
	buf_append(b, d, sizeof(d));
}

void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
buf_truncate(struct buf *b, size_t n)
{
	if (n < b->len) {
		b->len = n;
		b->data[n] = '\0';
	}
}

const char *
buf_cstr(const struct buf *b)
{
	return b->data ? b->data : "";
}

char *
buf_detach(struct buf *b)
{
	char *p = b->data ? b->data : xstrdup("");

	/* detached bytes usually live long (a page's HTML until the end of
	 * the build): give back the growth slack, up to a third */
	if (b->data != NULL && b->cap - b->len > 64)
		p = xrealloc(p, b->len + 1);
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
