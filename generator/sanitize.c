#include "sanitize.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ------------------------------------------------------------------ */
/* URLs                                                                */

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = lower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The scheme as a browser sees it, lowercased into s (at most 31 bytes),
 * from the start of p: character references decoded, ASCII control
 * characters and blanks dropped. "" when there is no scheme. */
static void
scheme_of(const char *p, size_t n, char *s, size_t cap)
{
	size_t i = 0, k = 0;

	s[0] = '\0';
	while (i < n && k + 1 < cap) {
		long c = (unsigned char)p[i];

		if (c == '&') {
			size_t j = i + 1;

			if (j < n && p[j] == '#') {
				int hex = j + 1 < n && lower(p[j + 1]) == 'x';
				long v = 0;
				size_t d = 0;

				for (j += 1 + hex; j < n; j++, d++) {
					int h = hex ? hexval(p[j]) :
					    (p[j] >= '0' && p[j] <= '9' ? p[j] - '0' : -1);
					if (h < 0)
						break;
					if (v < 0x110000)
						v = v * (hex ? 16 : 10) + h;
				}
				if (d == 0)
					return;	/* "&#" alone: not a scheme char */
				if (j < n && p[j] == ';')
					j++;
				c = v;
			} else if (n - j >= 6 && strncasecmp(p + j, "colon;", 6) == 0) {
				c = ':', j += 6;
			} else if (n - j >= 4 && strncasecmp(p + j, "tab;", 4) == 0) {
				c = '\t', j += 4;
			} else if (n - j >= 8 && strncasecmp(p + j, "newline;", 8) == 0) {
				c = '\n', j += 8;
			} else {
				return;	/* another entity: no scheme char */
			}
			i = j;
		} else {
			i++;
		}
		if (c <= 0x20 || c == 0x7f)
			continue;	/* browsers skip these in a scheme */
		if (c == ':') {
			s[k] = '\0';
			return;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (k > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' ||
		    c == '.')))) {
			s[0] = '\0';
			return;
		}
		s[k++] = (char)lower((int)c);
	}
	s[0] = '\0';	/* no ':' (or too long): relative */
}

int
sanitize_url_ok(const char *p, size_t n, int image)
{
	static const char *const bad[] = { "javascript", "vbscript",
	    "livescript", "mocha", "file", NULL };
	static const char *const images[] = { "image/png", "image/gif",
	    "image/jpeg", "image/webp", "image/avif", NULL };
	char s[32];
	size_t i;

	scheme_of(p, n, s, sizeof(s));
	for (i = 0; bad[i] != NULL; i++)
		if (strcmp(s, bad[i]) == 0)
			return 0;
	if (strcmp(s, "data") != 0)
		return 1;
	if (!image)
		return 0;
	/* the media type right after "data:" (written plainly) */
	const char *c = memchr(p, ':', n);
	size_t rest = c ? n - (size_t)(c + 1 - p) : 0;
	for (i = 0; c != NULL && images[i] != NULL; i++) {
		size_t l = strlen(images[i]);

		if (rest > l && strncasecmp(c + 1, images[i], l) == 0 &&
		    (c[1 + l] == ';' || c[1 + l] == ','))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Tags                                                                */

static int
in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* Elements dropped with their content, and tags dropped alone. */
static const char *const drop_content[] = { "script", "style", "iframe",
    "object", "applet", "frameset", "noscript", "noembed", "noframes",
    "template", "xmp", "plaintext", NULL };
static const char *const drop_tag[] = { "embed", "frame", "base", "meta",
    "link", "param", "set", "animate", "animatemotion",
    "animatetransform", "handler", "listener", NULL };
static const char *const url_attrs[] = { "href", "src", "action",
    "formaction", "xlink:href", "srcset", "poster", "background", "cite",
    "data", "codebase", "longdesc", "lowsrc", "dynsrc", "ping", "manifest",
    "icon", "usemap", "archive", "classid", "profile", "values", "to",
    "from", "by", NULL };

static int
is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A plain attribute name: letters, digits, - _ : . (the first a letter,
 * _ or :). Anything else is dropped rather than guessed at. */
static int
plain_name(const char *s)
{
	size_t i;

	if (!(is_alpha(s[0]) || s[0] == '_' || s[0] == ':'))
		return 0;
	for (i = 1; s[i] != '\0'; i++)
		if (!(is_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_' || s[i] == ':' || s[i] == '.'))
			return 0;
	return 1;
}

/* A style attribute that could run script or fetch: expression(),
 * url(), behaviors, bindings. Decoded of backslash escapes and comments
 * first would be better; dropping on any sign of them is simpler. */
static int
style_ok(const char *v, size_t n)
{
	static const char *const bad[] = { "expression", "url(", "javascript",
	    "vbscript", "behavior", "-moz-binding", "\\", "/*", "&", NULL };
	size_t i, k;

	for (k = 0; bad[k] != NULL; k++) {
		size_t l = strlen(bad[k]);

		for (i = 0; i + l <= n; i++)
			if (strncasecmp(v + i, bad[k], l) == 0)
				return 0;
	}
	return 1;
}

/* srcset: "url 1x, url 2x": every candidate must pass. */
static int
srcset_ok(const char *v, size_t n, int image)
{
	size_t i = 0;

	while (i < n) {
		size_t start;

		while (i < n && (is_space((unsigned char)v[i]) || v[i] == ','))
			i++;
		start = i;
		while (i < n && !is_space((unsigned char)v[i]))
			i++;
		/* a URL may contain commas; a trailing one ends the candidate */
		if (i > start && !sanitize_url_ok(v + start, i - start, image))
			return 0;
		while (i < n && v[i] != ',')
			i++;
	}
	return 1;
}

struct attr {
	char		 name[64];
	const char	*val;
	size_t		 vlen;
	int		 has_val;
};

/*
 * Parse the tag at p[0] == '<' (a start or end tag, p[1] a letter or
 * p[1] == '/' and p[2] a letter), writing the sanitized tag to out unless
 * it is dropped. Returns the length of the tag, or 0 if it is not
 * finished within n bytes.
 */
static size_t
tag(struct sanitizer *z, struct buf *out, const char *p, size_t n)
{
	struct buf b = BUF_INIT;
	char name[32];
	size_t i = 1, k = 0;
	int end = 0, selfclose = 0, drop, img;

	if (p[1] == '/') {
		end = 1;
		i = 2;
	}
	while (i < n && !is_space((unsigned char)p[i]) && p[i] != '/' &&
	    p[i] != '>') {
		if (k + 1 < sizeof(name))
			name[k++] = (char)lower((unsigned char)p[i]);
		i++;
	}
	name[k] = '\0';
	drop = in_list(name, drop_content) || in_list(name, drop_tag);
	img = strcmp(name, "img") == 0 || strcmp(name, "source") == 0;
	buf_printf(&b, end ? "</%s" : "<%s", name);
	for (;;) {
		struct attr a;
		size_t an = 0, vs;

		while (i < n && (is_space((unsigned char)p[i]) || p[i] == '/')) {
			selfclose = p[i] == '/';
			i++;
		}
		if (i >= n)
			goto unfinished;
		if (p[i] == '>') {
			i++;
			break;
		}
		selfclose = 0;
		memset(&a, 0, sizeof(a));
		/* the name: up to blank, / > or = (a leading = belongs to it) */
		do {
			if (an + 1 < sizeof(a.name))
				a.name[an++] = (char)lower((unsigned char)p[i]);
			i++;
		} while (i < n && !is_space((unsigned char)p[i]) && p[i] != '/' &&
		    p[i] != '>' && p[i] != '=');
		a.name[an] = '\0';
		while (i < n && is_space((unsigned char)p[i]))
			i++;
		if (i >= n)
			goto unfinished;
		if (p[i] == '=') {
			i++;
			while (i < n && is_space((unsigned char)p[i]))
				i++;
			if (i >= n)
				goto unfinished;
			a.has_val = 1;
			if (p[i] == '"' || p[i] == '\'') {
				char q = p[i++];

				vs = i;
				while (i < n && p[i] != q)
					i++;
				if (i >= n)
					goto unfinished;
				a.val = p + vs;
				a.vlen = i - vs;
				i++;
			} else {
				vs = i;
				while (i < n && !is_space((unsigned char)p[i]) &&
				    p[i] != '>')
					i++;
				a.val = p + vs;
				a.vlen = i - vs;
			}
		}
		if (end || drop || an >= sizeof(a.name) - 1 || !plain_name(a.name) ||
		    (a.name[0] == 'o' && a.name[1] == 'n'))
			continue;
		if (a.has_val && in_list(a.name, url_attrs)) {
			int image = img && (strcmp(a.name, "src") == 0 ||
			    strcmp(a.name, "srcset") == 0);

			if (strcmp(a.name, "srcset") == 0 ?
			    !srcset_ok(a.val, a.vlen, image) :
			    !sanitize_url_ok(a.val, a.vlen, image))
				continue;
		}
		if (a.has_val && strcmp(a.name, "style") == 0 &&
		    !style_ok(a.val, a.vlen))
			continue;
		buf_printf(&b, " %s", a.name);
		if (a.has_val) {
			size_t j;

			buf_puts(&b, "=\"");
			for (j = 0; j < a.vlen; j++) {
				if (a.val[j] == '"')
					buf_puts(&b, "&quot;");
				else if (a.val[j] == '<')
					buf_puts(&b, "&lt;");
				else if (a.val[j] == '>')
					buf_puts(&b, "&gt;");
				else
					buf_putc(&b, a.val[j]);
			}
			buf_putc(&b, '"');
		}
	}
	if (!drop) {
		buf_puts(&b, selfclose && !end ? " />" : ">");
		buf_append(out, b.data, b.len);
	} else if (!end && !selfclose && in_list(name, drop_content)) {
		strcpy(z->skip, name);	/* names in the list fit */
	}
	buf_free(&b);
	return i;
unfinished:
	buf_free(&b);
	return 0;
}

/* Offset just past the first s in p[from..n), or 0. */
static size_t
find(const char *p, size_t n, size_t from, const char *s)
{
	size_t l = strlen(s), i;

	for (i = from; i + l <= n; i++)
		if (memcmp(p + i, s, l) == 0)
			return i + l;
	return 0;
}

/* Write text p[0..n) as text, escaping '<' and '>'... only '<': the rest
 * of raw HTML text (entities included) is already HTML. */
static void
put_text(struct buf *out, const char *p, size_t n)
{
	buf_append(out, p, n);
}

void
sanitizer_feed(struct sanitizer *z, struct buf *out, const char *in,
    size_t inlen)
{
	const char *p;
	size_t n, i = 0, done;

	buf_append(&z->pending, in, inlen);
	if (z->pending.len == 0)
		return;
	p = z->pending.data;
	n = z->pending.len;
	while (i < n) {
		if (z->skip[0] != '\0') {
			/* inside a dropped element: look for its end tag */
			size_t l = strlen(z->skip), j;

			for (j = i; j + 2 + l < n; j++)
				if (p[j] == '<' && p[j + 1] == '/' &&
				    strncasecmp(p + j + 2, z->skip, l) == 0 &&
				    (is_space((unsigned char)p[j + 2 + l]) ||
				    p[j + 2 + l] == '>' || p[j + 2 + l] == '/'))
					break;
			if (j + 2 + l >= n) {
				/* drop all but what could begin the end tag */
				if (n - i > l + 2)
					i = n - (l + 2);
				break;
			}
			z->skip[0] = '\0';
			i = j;	/* the end tag itself is dropped below */
		}
		if (p[i] != '<') {
			size_t j = i;

			while (j < n && p[j] != '<')
				j++;
			put_text(out, p + i, j - i);
			i = j;
			continue;
		}
		if (n - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			/* <!--> and <!---> end at once, as in browsers */
			if (n - i >= 5 && p[i + 4] == '>')
				done = i + 5;
			else if (n - i >= 6 && memcmp(p + i + 4, "->", 2) == 0)
				done = i + 6;
			else
				done = find(p, n, i + 4, "-->");
			if (done == 0)
				break;
			i = done;
		} else if (n - i >= 9 && memcmp(p + i, "<![CDATA[", 9) == 0) {
			if ((done = find(p, n, i + 9, "]]>")) == 0)
				break;
			i = done;
		} else if (n - i >= 2 && (p[i + 1] == '!' || p[i + 1] == '?')) {
			if ((done = find(p, n, i + 2, ">")) == 0)
				break;
			i = done;
		} else if (n - i >= 2 && (is_alpha((unsigned char)p[i + 1]) ||
		    (p[i + 1] == '/' && n - i >= 3 &&
		    is_alpha((unsigned char)p[i + 2])))) {
			if ((done = tag(z, out, p + i, n - i)) == 0)
				break;
			i += done;
		} else if (n - i < 3 && (n - i == 1 || p[i + 1] == '/' ||
		    p[i + 1] == '!')) {
			break;	/* too short to tell yet */
		} else {
			buf_puts(out, "&lt;");
			i++;
		}
	}
	/* keep the unfinished rest for the next piece */
	memmove(z->pending.data, p + i, n - i);
	buf_truncate(&z->pending, n - i);
}

void
sanitizer_end(struct sanitizer *z, struct buf *out)
{
	size_t j;

	/* an unfinished construct is text; a dropped element ends here */
	if (z->skip[0] == '\0')
		for (j = 0; j < z->pending.len; j++) {
			char c = z->pending.data[j];

			if (c == '<')
				buf_puts(out, "&lt;");
			else if (c == '>')
				buf_puts(out, "&gt;");
			else if (c == '"')
				buf_puts(out, "&quot;");
			else
				buf_putc(out, c);
		}
	buf_reset(&z->pending);
	z->skip[0] = '\0';
}

void
sanitizer_free(struct sanitizer *z)
{
	buf_free(&z->pending);
	z->skip[0] = '\0';
}

void
sanitize_html(struct buf *out, const char *p, size_t n)
{
	struct sanitizer z = SANITIZER_INIT;

	sanitizer_feed(&z, out, p, n);
	sanitizer_end(&z, out);
	sanitizer_free(&z);
}
