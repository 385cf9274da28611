#include "escape.h"

#include <string.h>

static const char hexdig[] = "0123456789ABCDEF";

void
escape_html(struct buf *out, const char *p, size_t n)
{
	size_t i, start = 0;
	const char *rep;

	buf_grow(out, n);
	for (i = 0; i < n; i++) {
		switch (p[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		buf_append(out, p + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_append(out, p + start, n - start);
}

void
escape_xml(struct buf *out, const char *p, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i < n; i++) {
		if (p[i] != '\'')
			continue;
		escape_html(out, p + start, i - start);
		buf_puts(out, "&#39;");
		start = i + 1;
	}
	escape_html(out, p + start, n - start);
}

/* The href-safe set of cmark's houdini_escape_href, so our output matches
 * the CommonMark reference renderer. */
static int
href_safe(unsigned char c)
{
	if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9'))
		return 1;
	return c != '\0' && strchr("-_.+!*'(),%#@?=;:/&$~", c) != NULL;
}

void
escape_href(struct buf *out, const char *p, size_t n)
{
	size_t i;
	unsigned char c;

	buf_grow(out, n);
	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if (c == '&') {
			buf_puts(out, "&amp;");
		} else if (c == '\'') {
			buf_puts(out, "&#x27;");
		} else if (href_safe(c)) {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hexdig[c >> 4]);
			buf_putc(out, hexdig[c & 15]);
		}
	}
}

void
escape_url_path(struct buf *out, const char *p, size_t n)
{
	size_t i, start = 0;

	for (i = 0; i <= n; i++) {
		if (i < n && p[i] != '/')
			continue;
		escape_url_component(out, p + start, i - start);
		if (i < n)
			buf_putc(out, '/');
		start = i + 1;
	}
}

void
escape_url_component(struct buf *out, const char *p, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)p[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~') {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hexdig[c >> 4]);
			buf_putc(out, hexdig[c & 15]);
		}
	}
}
