/*
 * markdown: Markdown to HTML with md4c or cmark-gfm, rendered by our own
 * code (see markdown.h). Both engines drive the same emitter (the r_*
 * functions below), which writes the markup of cmark's html.c: that is the
 * markup the CommonMark and GFM specs are written against, so spec mode
 * matches `cmark-gfm` byte for byte and site mode looks the same whichever
 * engine parsed the page.
 *
 * This is the only file that includes <md4c.h> and the cmark-gfm headers.
 */
#include "markdown.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <md4c.h>
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>

#include "diag.h"
#include "escape.h"
#include "sanitize.h"
#include "markdown_entities.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

/* md4c takes an unsigned size and cmark-gfm an int32 internally; a page
 * of a gigabyte is a mistake, not a document. */
#define MARKDOWN_MAX_INPUT	((size_t)1 << 30)

/* ------------------------------------------------------------------ */
/* Render state shared by both engines                                 */
/* ------------------------------------------------------------------ */

enum align { ALIGN_NONE, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT };

/* Heading ids used on this page, for de-duplication (open addressing). */
struct idset {
	char		**keys;
	unsigned	 *next;		/* next suffix to try for this base */
	size_t		  cap;
	size_t		  n;
};

struct renderer {
	const struct markdown_options	*opt;
	const char			*text;	/* the input, for positions */
	size_t				 len;
	struct markdown_result		*res;
	struct buf			*out;	/* res->html, or hbody in a heading */
	int				 site;	/* enrich (site mode) */
	int				 raw_html;	/* raw HTML passes through */
	int				 tagfilter;	/* GFM tagfilter on raw HTML */
	int				 sanitize;	/* site mode, raw HTML on */
	struct sanitizer		 san;	/* its state (sanitize.h) */

	int		 hlevel;	/* heading being rendered, or 0 */
	size_t		 hoff;		/* where it starts, when known */
	int		 h1_warned;
	struct buf	 hbody;		/* its HTML */
	struct buf	 htext;		/* its plain text */
	struct idset	 ids;

	int		 in_summary;	/* inside the first top-level paragraph */
	int		 summary_done;

	int		 img_depth;	/* > 0: inside an image, text goes to alt */
	int		 alt_seen;	/* the outer image has non-blank alt */
	size_t		 img_off;	/* where the outer image starts */

	int		 in_thead;
	int		 tbody_open;

	/* md4c only */
	int		 depth;		/* block nesting, DOC is 1 */
	int		 in_html_block;
	size_t		 last_off;	/* end of the last text seen in the input */

	/* offsets of line starts, built when a position is first needed */
	size_t		*lines;
	size_t		 nlines;

	/* source map (opt->srcmap, site mode): a block that has begun waits
	 * for its first position */
	struct markdown_srcmap	*map;
	int		 map_pending;
	size_t		 map_pend_off;
	size_t		 htext_off;	/* md4c: first text of the heading */

	/* table captions (site mode), offsets in res->html */
	size_t		 para_start;	/* the open <p> */
	size_t		 cap_start, cap_end;	/* last caption paragraph; */
	size_t		 cap_from, cap_to;	/* its caption HTML; end 0: none */
	size_t		 tbl_start, tbl_end;	/* last table; end 0: none */
	int		 tbl_captioned;
	unsigned	 tbl_seq;	/* tables so far, without opt->table_seq */
};

static void
renderer_init(struct renderer *r, const char *text, size_t len,
    const struct markdown_options *opt, struct markdown_result *res)
{
	memset(r, 0, sizeof(*r));
	r->opt = opt;
	r->text = text;
	r->len = len;
	r->res = res;
	r->out = &res->html;
	r->site = !opt->spec;
	r->raw_html = opt->spec || opt->allow_html;
	/* raw HTML an agency lets through is still sanitised; spec mode
	 * (conformance runs) passes it as CommonMark says */
	r->sanitize = r->site && r->raw_html;
	r->map = r->site ? opt->srcmap : NULL;
}

static void
idset_free(struct idset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->keys[i]);
	free(s->keys);
	free(s->next);
	memset(s, 0, sizeof(*s));
}

static void
renderer_free(struct renderer *r)
{
	buf_free(&r->hbody);
	buf_free(&r->htext);
	idset_free(&r->ids);
	sanitizer_free(&r->san);
	free(r->lines);
}

/* ------------------------------------------------------------------ */
/* Positions                                                           */
/* ------------------------------------------------------------------ */

/* Lines end at \n, \r\n or \r, as in cmark-gfm. */
static void
lines_build(struct renderer *r)
{
	size_t i, cap = 64;
	const char *t = r->text;

	r->lines = xmalloc(cap * sizeof(*r->lines));
	r->lines[0] = 0;
	r->nlines = 1;
	for (i = 0; i < r->len; i++) {
		if (t[i] != '\n' &&
		    (t[i] != '\r' || (i + 1 < r->len && t[i + 1] == '\n')))
			continue;
		if (r->nlines == cap) {
			cap *= 2;
			r->lines = xrealloc(r->lines, cap * sizeof(*r->lines));
		}
		r->lines[r->nlines++] = i + 1;
	}
}

/* Line (of the file) and column (UTF-8 characters) of byte offset off;
 * called only when a message or the link resolver needs a position. */
static void
pos_of_off(struct renderer *r, size_t off, int *line, int *col)
{
	size_t lo = 0, hi, mid, i;
	int c = 1, first;

	if (r->lines == NULL)
		lines_build(r);
	if (off > r->len)
		off = r->len;
	hi = r->nlines;
	while (hi - lo > 1) {	/* last line starting at or before off */
		mid = lo + (hi - lo) / 2;
		if (r->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = r->lines[lo]; i < off; i++)
		if (((unsigned char)r->text[i] & 0xC0) != 0x80)
			c++;
	first = r->opt->first_line > 0 ? r->opt->first_line : 1;
	*line = (int)lo + first;
	*col = c;
}

/* cmark-gfm gives a line and a byte column; turn them into an offset. */
static size_t
off_of_linecol(struct renderer *r, int line, int bytecol)
{
	size_t off;

	if (r->lines == NULL)
		lines_build(r);
	if (line < 1)
		line = 1;
	if ((size_t)line > r->nlines)
		return r->len;
	off = r->lines[line - 1] + (bytecol > 1 ? (size_t)bytecol - 1 : 0);
	return off > r->len ? r->len : off;
}

/* ------------------------------------------------------------------ */
/* Source map                                                          */
/* ------------------------------------------------------------------ */

static void
map_push(struct renderer *r, size_t at, int line, int col, int raw)
{
	struct markdown_srcmap *m = r->map;

	/* a later position for the same output wins; offsets only grow */
	while (m->n > 0 && m->v[m->n - 1].off >= at)
		m->n--;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 32;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	m->v[m->n].off = at;
	m->v[m->n].line = line;
	m->v[m->n].col = col;
	m->v[m->n].raw = raw;
	m->n++;
}

/* A block begins in the output here; its position comes with the next
 * map_pos. */
static void
map_block(struct renderer *r)
{
	if (r->map == NULL || r->out != &r->res->html || r->map_pending)
		return;
	r->map_pending = 1;
	r->map_pend_off = r->out->len;
}

/* The output from here on comes from input offset off; unless force, only
 * a new line is worth an entry. */
static void
map_at(struct renderer *r, size_t off, int force, int raw)
{
	struct markdown_srcmap *m = r->map;
	int line, col;

	if (m == NULL || r->out != &r->res->html)
		return;
	pos_of_off(r, off, &line, &col);
	if (r->map_pending) {
		r->map_pending = 0;
		map_push(r, r->map_pend_off, line, col, 0);
		if (m->v[m->n - 1].off == r->out->len) {
			m->v[m->n - 1].raw = raw;
			return;
		}
	}
	if (!force && m->n > 0 && m->v[m->n - 1].line == line)
		return;
	map_push(r, r->out->len, line, col, raw);
}

static void
map_pos(struct renderer *r, size_t off, int force)
{
	map_at(r, off, force, 0);
}

/* Raw HTML that passes verbatim from input offset off: an entry of its
 * own, marked raw so a column inside it can be counted. */
static void
map_raw(struct renderer *r, size_t off)
{
	map_at(r, off, 1, r->raw_html);
}

/* After raw HTML inside a line: the text that follows is not raw. */
static void
map_raw_end(struct renderer *r)
{
	struct markdown_srcmap *m = r->map;

	if (m != NULL && r->out == &r->res->html && m->n > 0 &&
	    m->v[m->n - 1].raw && m->v[m->n - 1].off < r->out->len)
		map_push(r, r->out->len, m->v[m->n - 1].line,
		    m->v[m->n - 1].col, 0);
}

/* res->html[from, to) was cut out: drop its entries, move later ones. */
static void
map_cut(struct renderer *r, size_t from, size_t to)
{
	struct markdown_srcmap *m = r->map;
	size_t i, k;

	if (m == NULL)
		return;
	for (i = k = 0; i < m->n; i++) {
		if (m->v[i].off >= from && m->v[i].off < to)
			continue;
		m->v[k] = m->v[i];
		if (m->v[k].off >= to)
			m->v[k].off -= to - from;
		k++;
	}
	m->n = k;
	if (r->map_pending && r->map_pend_off >= from)
		r->map_pend_off = r->map_pend_off >= to ?
		    r->map_pend_off - (to - from) : from;
}

/* n bytes were inserted at res->html offset at. */
static void
map_insert(struct renderer *r, size_t at, size_t n)
{
	struct markdown_srcmap *m = r->map;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->n; i++)
		if (m->v[i].off > at)
			m->v[i].off += n;
	if (r->map_pending && r->map_pend_off > at)
		r->map_pend_off += n;
}

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

static int
is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r')
			return 0;
	return 1;
}

static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

static int
has_prefix_ci(const char *p, size_t n, const char *prefix)
{
	size_t i, m = strlen(prefix);

	if (n < m)
		return 0;
	for (i = 0; i < m; i++)
		if (ascii_lower((unsigned char)p[i]) != (unsigned char)prefix[i])
			return 0;
	return 1;
}

static void
put_utf8(struct buf *b, unsigned long cp)
{
	char s[4];

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		buf_putc(b, (char)cp);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		buf_append(b, s, 4);
	}
}

/* Decode one UTF-8 sequence at p[0..n); returns its length (>= 1) and the
 * code point in *cp, or 0xFFFD for a malformed byte. */
static size_t
get_utf8(const unsigned char *p, size_t n, unsigned long *cp)
{
	size_t len, i;
	unsigned long c;

	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		len = 2;
		c = p[0] & 0x1F;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		len = 3;
		c = p[0] & 0x0F;
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		len = 4;
		c = p[0] & 0x07;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	*cp = c;
	return len;
}

/* Collapse whitespace runs to one space and trim, in place. */
static void
squeeze_space(struct buf *b)
{
	size_t i, j = 0;
	int space = 0;

	for (i = 0; i < b->len; i++) {
		char c = b->data[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && j > 0)
			b->data[j++] = ' ';
		space = 0;
		b->data[j++] = c;
	}
	buf_truncate(b, j);
}

/* ------------------------------------------------------------------ */
/* Entities (md4c passes them through verbatim)                        */
/* ------------------------------------------------------------------ */

struct entity_key {
	const char	*p;
	size_t		 n;
};

static int
entity_cmp(const void *key, const void *elem)
{
	const struct entity_key *k = key;
	const struct markdown_entity *e = elem;
	size_t n = strlen(e->name);
	int c = memcmp(k->p, e->name, k->n < n ? k->n : n);

	if (c != 0)
		return c;
	return k->n < n ? -1 : k->n > n;
}

/* Append the UTF-8 for an entity "&...;" (md4c only passes well-formed
 * ones); unknown names are kept as written. */
static void
entity_decode(struct buf *out, const char *p, size_t n)
{
	const struct markdown_entity *e;
	struct entity_key key;
	unsigned long cp = 0;
	size_t i;

	if (n > 3 && p[1] == '#') {
		if (p[2] == 'x' || p[2] == 'X') {
			for (i = 3; i + 1 < n; i++) {
				unsigned char c = (unsigned char)p[i];
				unsigned v = c <= '9' ? (unsigned)(c - '0') :
				    (unsigned)(ascii_lower(c) - 'a' + 10);
				cp = cp * 16 + v;
				if (cp > 0x10FFFF)
					cp = 0x110000;
			}
		} else {
			for (i = 2; i + 1 < n; i++) {
				cp = cp * 10 + (unsigned)(p[i] - '0');
				if (cp > 0x10FFFF)
					cp = 0x110000;
			}
		}
		put_utf8(out, cp);
		return;
	}
	if (n > 2) {
		key.p = p + 1;
		key.n = n - 2;
		e = bsearch(&key, markdown_entities, NELEM(markdown_entities),
		    sizeof(markdown_entities[0]), entity_cmp);
		if (e != NULL) {
			put_utf8(out, e->cp[0]);
			if (e->cp[1])
				put_utf8(out, e->cp[1]);
			return;
		}
	}
	buf_append(out, p, n);
}

/* ------------------------------------------------------------------ */
/* Heading ids                                                         */
/* ------------------------------------------------------------------ */

/* Punctuation and symbols outside ASCII that separate words in an id:
 * Latin-1 punctuation, general punctuation to dingbats, CJK punctuation
 * (but not 々〆〇), vertical and small forms, fullwidth punctuation,
 * emoji. Everything else non-ASCII (CJK ideographs, kana, letters of
 * other scripts) is kept as written. */
static int
is_separator(unsigned long c)
{
	if (c < 0x80)
		return 1;
	if ((c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7)
		return 1;
	if (c >= 0x2000 && c <= 0x2BFF)
		return 1;
	if (c >= 0x3000 && c <= 0x303F && (c < 0x3005 || c > 0x3007))
		return 1;
	if ((c >= 0xFE10 && c <= 0xFE1F) || (c >= 0xFE30 && c <= 0xFE6F))
		return 1;
	if ((c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||
	    (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65) ||
	    (c >= 0xFFE0 && c <= 0xFFFF))
		return 1;
	if (c >= 0x1F000 && c <= 0x1FAFF)
		return 1;
	return 0;
}

/* The id of a heading from its plain text: ASCII letters and digits
 * lowercased (fullwidth ones folded to ASCII), other letters kept, every
 * run of spaces and punctuation one '-', no '-' at either end. */
static void
slugify(struct buf *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long c;
	size_t i = 0, k;
	int dash = 0;

	while (i < n) {
		k = get_utf8(p + i, n - i, &c);
		if (c >= 0xFF10 && c <= 0xFF19)
			c = c - 0xFF10 + '0';
		else if (c >= 0xFF21 && c <= 0xFF3A)
			c = c - 0xFF21 + 'A';
		else if (c >= 0xFF41 && c <= 0xFF5A)
			c = c - 0xFF41 + 'a';
		if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z')) {
			if (dash && out->len > 0)
				buf_putc(out, '-');
			dash = 0;
			buf_putc(out, (char)ascii_lower((unsigned char)c));
		} else if (c == 0xFFFD || is_separator(c)) {
			dash = 1;
		} else {
			if (dash && out->len > 0)
				buf_putc(out, '-');
			dash = 0;
			buf_append(out, s + i, k);
		}
		i += k;
	}
	if (out->len == 0)
		buf_puts(out, "section");
}

static size_t
idset_hash(const char *s)
{
	size_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* Slot of key, or of the empty slot where it would go. */
static size_t
idset_find(const struct idset *s, const char *key)
{
	size_t i = idset_hash(key) & (s->cap - 1);

	while (s->keys[i] != NULL && strcmp(s->keys[i], key) != 0)
		i = (i + 1) & (s->cap - 1);
	return i;
}

static void
idset_add(struct idset *s, char *key, unsigned next)
{
	size_t i, oldcap = s->cap;
	char **oldkeys = s->keys;
	unsigned *oldnext = s->next;

	if ((s->n + 1) * 2 > s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->keys = xcalloc(s->cap, sizeof(*s->keys));
		s->next = xcalloc(s->cap, sizeof(*s->next));
		for (i = 0; i < oldcap; i++) {
			if (oldkeys[i] != NULL) {
				size_t j = idset_find(s, oldkeys[i]);
				s->keys[j] = oldkeys[i];
				s->next[j] = oldnext[i];
			}
		}
		free(oldkeys);
		free(oldnext);
	}
	i = idset_find(s, key);
	s->keys[i] = key;
	s->next[i] = next;
	s->n++;
}

/* A page-unique id for a heading: the slug, or slug-1, slug-2, ... */
static char *
unique_id(struct idset *s, const char *text, size_t n)
{
	struct buf b = BUF_INIT;
	size_t base_slot, blen;
	unsigned k;

	slugify(&b, text, n);
	if (s->cap == 0 || s->keys[idset_find(s, b.data)] == NULL) {
		idset_add(s, xstrdup(b.data), 1);
		return buf_detach(&b);
	}
	blen = b.len;
	base_slot = idset_find(s, b.data);
	k = s->next[base_slot];
	for (;;) {
		buf_truncate(&b, blen);
		buf_printf(&b, "-%u", k++);
		if (s->keys[idset_find(s, b.data)] == NULL)
			break;
	}
	s->next[base_slot] = k;	/* idset_add may move slots: set first */
	idset_add(s, xstrdup(b.data), 1);
	return buf_detach(&b);
}

/* ------------------------------------------------------------------ */
/* URLs                                                                */
/* ------------------------------------------------------------------ */


/* A relative link to another Markdown file: no scheme, not "//host",
 * and the path (before ?query or #fragment) ends in ".md". */
static int
is_md_link(const char *p, size_t n)
{
	size_t i, end;

	if (n >= 2 && p[0] == '/' && p[1] == '/')
		return 0;
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
	for (i = 0; i < n; i++) {
		unsigned char c = ascii_lower((unsigned char)p[i]);

		if (c == ':' && i > 0)
			return 0;
		if (!((c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' &&
		    c <= '9') || c == '+' || c == '-' || c == '.'))))
			break;
	}
	for (end = 0; end < n && p[end] != '?' && p[end] != '#'; end++)
		;
	return end >= 3 && has_prefix_ci(p + end - 3, 3, ".md");
}

/* Write a link or image destination into an attribute; in site mode
 * drop dangerous URLs and rewrite .md links through resolve_link. */
static void
put_url(struct renderer *r, const char *p, size_t n, size_t off, int image)
{
	const struct markdown_options *o = r->opt;
	struct buf tmp = BUF_INIT;
	int line, col;

	if (!r->site)
		goto plain;
	/* never emitted, raw HTML allowed or not (sanitize.c decides) */
	if (!sanitize_url_ok(p, n, image)) {
		pos_of_off(r, off, &line, &col);
		diag_warning(o->path, line, col,
		    "已移除不安全的網址 (unsafe URL removed): %.*s",
		    (int)(n > 80 ? 80 : n), p);
		return;
	}
	if (o->resolve_link != NULL && is_md_link(p, n)) {
		pos_of_off(r, off, &line, &col);
		if (o->resolve_link(o->link_ctx, p, n, &tmp, o->path, line,
		    col) == 0) {
			escape_href(r->out, tmp.data ? tmp.data : "", tmp.len);
			buf_free(&tmp);
			return;
		}
		buf_free(&tmp);
		r->res->errors++;
	}
plain:
	escape_href(r->out, p, n);
}

/* ------------------------------------------------------------------ */
/* The emitter (markup of cmark's html.c)                              */
/* ------------------------------------------------------------------ */

static void
r_cr(struct renderer *r)
{
	if (r->out->len > 0 && r->out->data[r->out->len - 1] != '\n')
		buf_putc(r->out, '\n');
}

static void
r_puts(struct renderer *r, const char *s)
{
	buf_puts(r->out, s);
}

/* Plain text also feeds the heading text, the summary, and the alt
 * check. */
static void
r_plain(struct renderer *r, const char *p, size_t n)
{
	if (r->hlevel)
		buf_append(&r->htext, p, n);
	if (r->in_summary && r->img_depth == 0)	/* a banner's alt is no summary */
		buf_append(&r->res->summary, p, n);
	if (r->img_depth > 0 && !r->alt_seen && !is_blank(p, n))
		r->alt_seen = 1;
}

static void
r_text(struct renderer *r, const char *p, size_t n)
{
	escape_html(r->out, p, n);
	r_plain(r, p, n);
}

static void
r_softbreak(struct renderer *r)
{
	buf_putc(r->out, r->img_depth ? ' ' : '\n');
	r_plain(r, " ", 1);
}

static void
r_linebreak(struct renderer *r)
{
	r_puts(r, r->img_depth ? " " : "<br />\n");
	r_plain(r, " ", 1);
}

/* GFM tagfilter: p[0] == '<' starts a tag that must not pass raw. */
static int
tagfilter_match(const char *p, size_t n)
{
	static const char *const tags[] = { "title", "textarea", "style",
	    "xmp", "iframe", "noembed", "noframes", "script", "plaintext" };
	size_t t, i;
	const char *name;

	if (n < 3 || p[0] != '<')
		return 0;
	for (t = 0; t < NELEM(tags); t++) {
		i = p[1] == '/' ? 2 : 1;
		for (name = tags[t]; i < n && *name; i++, name++)
			if (ascii_lower((unsigned char)p[i]) != (unsigned char)*name)
				break;
		if (*name || i == n)
			continue;
		if (p[i] == '>' || p[i] == ' ' || (p[i] >= '\t' && p[i] <= '\r'))
			return 1;
		if (p[i] == '/' && n >= i + 2 && p[i + 1] == '>')
			return 1;
	}
	return 0;
}

/* Raw HTML out: verbatim, with "<" of filtered tags escaped. */
static void
r_raw(struct renderer *r, const char *p, size_t n)
{
	const char *lt;

	if (r->sanitize) {
		sanitizer_feed(&r->san, r->out, p, n);
		return;
	}
	if (!r->tagfilter) {
		buf_append(r->out, p, n);
		return;
	}
	while (n > 0 && (lt = memchr(p, '<', n)) != NULL) {
		buf_append(r->out, p, (size_t)(lt - p));
		n -= (size_t)(lt - p);
		p = lt;
		r_puts(r, tagfilter_match(p, n) ? "&lt;" : "<");
		p++;
		n--;
	}
	buf_append(r->out, p, n);
}

static void
r_html_inline(struct renderer *r, const char *p, size_t n)
{
	if (r->img_depth > 0 || !r->raw_html) {
		r_text(r, p, n);
		return;
	}
	r_raw(r, p, n);
	/* an inline tag is whole (unless split at a line end): the text
	 * after <script> is escaped text, not script, so stop dropping */
	if (r->sanitize && r->san.pending.len == 0)
		r->san.skip[0] = '\0';
}

/* Raw HTML blocks: r_html_block_open, r_html_block_text..., _close. */
static void
r_html_block_open(struct renderer *r)
{
	r_cr(r);
	if (!r->raw_html)
		r_puts(r, "<p>");
}

static void
r_html_block_text(struct renderer *r, const char *p, size_t n)
{
	if (r->raw_html)
		r_raw(r, p, n);
	else
		escape_html(r->out, p, n);
}

static void
r_html_block_close(struct renderer *r)
{
	if (r->sanitize)
		sanitizer_end(&r->san, r->out);
	if (!r->raw_html) {
		while (r->out->len > 0 && r->out->data[r->out->len - 1] == '\n')
			buf_truncate(r->out, r->out->len - 1);
		r_puts(r, "</p>\n");
	}
	r_cr(r);
}

static void
r_blockquote(struct renderer *r, int enter)
{
	r_cr(r);
	r_puts(r, enter ? "<blockquote>\n" : "</blockquote>\n");
}

static void
r_list_open(struct renderer *r, int ordered, unsigned long start)
{
	r_cr(r);
	if (!ordered)
		r_puts(r, "<ul>\n");
	else if (start == 1)
		r_puts(r, "<ol>\n");
	else
		buf_printf(r->out, "<ol start=\"%lu\">\n", start);
}

static void
r_list_close(struct renderer *r, int ordered)
{
	r_puts(r, ordered ? "</ol>\n" : "</ul>\n");
}

static void
r_item_open(struct renderer *r, int task, int checked)
{
	r_cr(r);
	r_puts(r, "<li>");
	if (task)
		r_puts(r, checked ?
		    "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> " :
		    "<input type=\"checkbox\" disabled=\"\" /> ");
}

static void
r_item_close(struct renderer *r)
{
	r_puts(r, "</li>\n");
}

static void
r_hr(struct renderer *r)
{
	r_cr(r);
	r_puts(r, "<hr />\n");
}

static void
r_heading_open(struct renderer *r, int level)
{
	r_cr(r);
	r->hlevel = level < 1 ? 1 : level > 6 ? 6 : level;
	r->htext_off = (size_t)-1;
	buf_reset(&r->hbody);
	buf_reset(&r->htext);
	r->out = &r->hbody;
}

static void
r_heading_close(struct renderer *r)
{
	struct markdown_result *res = r->res;
	struct markdown_heading *h;
	int level = r->hlevel;

	r->out = &res->html;
	r->hlevel = 0;
	if (r->map != NULL) {
		size_t at = r->hoff ? r->hoff : r->htext_off != (size_t)-1 ?
		    r->htext_off : r->last_off;

		/* md4c: back from the text to the "#" that opens the line */
		while (!r->hoff && at > 0 && at <= r->len &&
		    (r->text[at - 1] == '#' || r->text[at - 1] == ' ' ||
		    r->text[at - 1] == '\t'))
			at--;
		map_block(r);
		map_pos(r, at, 1);
	}
	/* the page title is the page's only h1 (theme); body h1 become h2 */
	if (r->site && level == 1) {
		level = 2;
		if (!r->h1_warned && r->opt->path != NULL) {
			int line, col;

			pos_of_off(r, r->hoff ? r->hoff : r->last_off, &line, &col);
			diag_warning(r->opt->path, line, 1,
			    "內文的一級標題（#）已改為二級標題：頁面標題是唯一的"
			    "一級標題，請改用 ## (body h1 shown as h2)");
			r->h1_warned = 1;
		}
	}
	squeeze_space(&r->htext);
	res->headings = xrealloc(res->headings,
	    (res->nheadings + 1) * sizeof(*res->headings));
	h = &res->headings[res->nheadings++];
	h->level = level;
	h->text = xstrdup(buf_cstr(&r->htext));
	h->id = unique_id(&r->ids, h->text, strlen(h->text));
	if (r->site) {
		buf_printf(r->out, "<h%d id=\"", level);
		escape_html(r->out, h->id, strlen(h->id));
		r_puts(r, "\">");
	} else {
		buf_printf(r->out, "<h%d>", level);
	}
	buf_append(r->out, r->hbody.data ? r->hbody.data : "", r->hbody.len);
	buf_printf(r->out, "</h%d>\n", level);
}

/* lang is the first word of the info string, already decoded. */
static void
r_code_open(struct renderer *r, const char *lang, size_t n)
{
	r_cr(r);
	if (n == 0) {
		r_puts(r, "<pre><code>");
		return;
	}
	r_puts(r, "<pre><code class=\"language-");
	escape_html(r->out, lang, n);
	r_puts(r, "\">");
}

static void
r_code_close(struct renderer *r)
{
	r_puts(r, "</code></pre>\n");
}

static void
r_para_open(struct renderer *r, int top)
{
	r_cr(r);
	r->para_start = r->out->len;
	r_puts(r, "<p>");
	if (top && !r->summary_done) {
		r->in_summary = 1;
		buf_reset(&r->res->summary);
	}
}

/* Table captions: the length of the "Table:" or "表：" that begins
 * p[0..n) (spaces after it included), or 0. */
static size_t
caption_prefix(const char *p, size_t n)
{
	static const char *const prefixes[] = { "Table:", "表：", "表:" };
	size_t i, k;

	for (i = 0; i < NELEM(prefixes); i++) {
		k = strlen(prefixes[i]);
		if (n >= k && memcmp(p, prefixes[i], k) == 0) {
			while (k < n && (p[k] == ' ' || p[k] == '\t'))
				k++;
			return k;
		}
	}
	return 0;
}

/* Put the caption res->html[from, to) right after the <table> at tbl, as
 * "\n<caption>...</caption>". */
static void
caption_insert(struct renderer *r, size_t tbl, const char *cap, size_t n)
{
	struct buf *o = &r->res->html;
	struct buf ins = BUF_INIT;
	size_t at = tbl + strlen("<table>");

	buf_puts(&ins, "\n<caption>");
	buf_append(&ins, cap, n);
	buf_puts(&ins, "</caption>");
	buf_append(o, ins.data, ins.len);	/* grow, then make room */
	memmove(o->data + at + ins.len, o->data + at, o->len - ins.len - at);
	memcpy(o->data + at, ins.data, ins.len);
	map_insert(r, at, ins.len);
	buf_free(&ins);
}

/* A closed paragraph that begins with a caption prefix: the caption of
 * the table just before it, or kept for a table that follows. */
static int
caption_para(struct renderer *r)
{
	struct buf *o = &r->res->html;
	size_t body = r->para_start + 3, end = o->len - 5;	/* <p>, </p>\n */
	size_t k;
	struct buf cap = BUF_INIT;

	if (!r->site || r->out != o || end < body ||
	    (k = caption_prefix(o->data + body, end - body)) == 0)
		return 0;
	if (r->tbl_end != 0 && r->tbl_end == r->para_start &&
	    !r->tbl_captioned) {
		buf_append(&cap, o->data + body + k, end - body - k);
		map_cut(r, r->para_start, o->len);
		buf_truncate(o, r->para_start);
		caption_insert(r, r->tbl_start, buf_cstr(&cap), cap.len);
		r->tbl_captioned = 1;
		r->tbl_end = o->len;
		buf_free(&cap);
		return 1;
	}
	r->cap_start = r->para_start;
	r->cap_end = o->len;
	r->cap_from = body + k;
	r->cap_to = end;
	return 1;
}

static void
r_para_close(struct renderer *r)
{
	r_puts(r, "</p>\n");
	if (caption_para(r)) {
		/* a caption is never the page summary */
		if (r->in_summary) {
			r->in_summary = 0;
			buf_reset(&r->res->summary);
		}
		return;
	}
	if (r->in_summary) {
		r->in_summary = 0;
		squeeze_space(&r->res->summary);
		r->summary_done = r->res->summary.len > 0;
	}
}

static void
r_table_open(struct renderer *r)
{
	struct buf *o = &r->res->html;
	struct buf cap = BUF_INIT;
	int captioned = 0;

	r_cr(r);
	/* a caption paragraph right before the table */
	if (r->out == o && r->cap_end != 0 && r->cap_end == o->len) {
		buf_append(&cap, o->data + r->cap_from, r->cap_to - r->cap_from);
		map_cut(r, r->cap_start, r->cap_end);
		buf_truncate(o, r->cap_start);
		captioned = 1;
	}
	r->cap_end = 0;
	/* site mode: a wide table scrolls inside a region that keyboard
	 * users can reach, instead of squeezing its columns at 320 px */
	if (r->site) {
		unsigned *seq = r->opt->table_seq ? r->opt->table_seq : &r->tbl_seq;
		const char *pre = r->opt->table_label ? r->opt->table_label : "";

		buf_puts(r->out, "<div class=\"table-scroll\" role=\"region\" "
		    "tabindex=\"0\" aria-label=\"");
		escape_html(r->out, pre, strlen(pre));
		buf_printf(r->out, "表格 %u（可左右捲動）\">\n", ++*seq);
	}
	r->tbl_start = r->out->len;
	r_puts(r, "<table>");
	if (captioned)
		caption_insert(r, r->tbl_start, buf_cstr(&cap), cap.len);
	buf_free(&cap);
	r->tbl_captioned = captioned;
	r->tbody_open = 0;
}

static void
r_table_close(struct renderer *r)
{
	if (r->tbody_open) {
		r_cr(r);
		r_puts(r, "</tbody>");
		r_cr(r);
	}
	r->tbody_open = 0;
	r_cr(r);
	r_puts(r, "</table>");
	r_cr(r);
	if (r->site)
		r_puts(r, "</div>\n");
	r->tbl_end = r->out->len;
}

static void
r_row_open(struct renderer *r, int header)
{
	r_cr(r);
	if (header) {
		r->in_thead = 1;
		r_puts(r, "<thead>");
		r_cr(r);
	} else if (!r->tbody_open) {
		r_puts(r, "<tbody>");
		r_cr(r);
		r->tbody_open = 1;
	}
	r_puts(r, "<tr>");
}

static void
r_row_close(struct renderer *r, int header)
{
	r_cr(r);
	r_puts(r, "</tr>");
	if (header) {
		r_cr(r);
		r_puts(r, "</thead>");
		r->in_thead = 0;
	}
}

/* Site mode aligns with style (align="" is obsolete in HTML5) and marks
 * header cells as column headers. */
static void
r_cell_open(struct renderer *r, enum align a)
{
	static const char *const names[] = { NULL, "left", "center", "right" };

	r_cr(r);
	r_puts(r, r->in_thead ? "<th" : "<td");
	if (r->in_thead && r->site)
		r_puts(r, " scope=\"col\"");
	if (a != ALIGN_NONE) {
		buf_printf(r->out, r->site ? " style=\"text-align: %s\"" :
		    " align=\"%s\"", names[a]);
	}
	buf_putc(r->out, '>');
}

static void
r_cell_close(struct renderer *r)
{
	r_puts(r, r->in_thead ? "</th>" : "</td>");
}

/* Inline tags are dropped inside an image: its content is the alt text. */
static void
r_tag(struct renderer *r, const char *tag)
{
	if (r->img_depth == 0)
		r_puts(r, tag);
}

/* off: where the link is in the input (for messages). */
static void
r_link_open(struct renderer *r, const char *href, size_t hn,
    const char *title, size_t tn, size_t off)
{
	if (r->img_depth > 0)
		return;
	map_pos(r, off, 1);
	r_puts(r, "<a href=\"");
	put_url(r, href, hn, off, 0);
	if (tn > 0) {
		r_puts(r, "\" title=\"");
		escape_html(r->out, title, tn);
	}
	r_puts(r, "\">");
}

static void
r_image_open(struct renderer *r, const char *src, size_t n, size_t off)
{
	if (r->img_depth++ > 0)
		return;
	r->alt_seen = 0;
	r->img_off = off;
	map_pos(r, off, 1);
	r_puts(r, "<img src=\"");
	put_url(r, src, n, off, 1);
	r_puts(r, "\" alt=\"");
}

static void
r_image_close(struct renderer *r, const char *src, size_t sn,
    const char *title, size_t tn)
{
	if (--r->img_depth > 0)
		return;
	if (tn > 0) {
		r_puts(r, "\" title=\"");
		escape_html(r->out, title, tn);
	}
	r_puts(r, "\" />");
	if (r->site && !r->alt_seen) {
		int line, col;

		pos_of_off(r, r->img_off, &line, &col);
		diag_error(r->opt->path, line, col,
		    "圖片缺少替代文字 (image has no alt text): %.*s",
		    (int)(sn > 200 ? 200 : sn), src);
		r->res->errors++;
	}
}

/* ------------------------------------------------------------------ */
/* md4c                                                                */
/* ------------------------------------------------------------------ */

/* Offset of p in the input, or (size_t)-1 when md4c made the string
 * itself (after resolving escapes, say). */
static size_t
m4_offset(const struct renderer *r, const char *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)r->text;

	if (p == NULL || a < b || a - b > r->len)
		return (size_t)-1;
	return (size_t)(a - b);
}

/* md4c's attributes mix text, entities and NUL characters. */
static void
m4_attr(struct buf *out, const MD_ATTRIBUTE *a)
{
	unsigned i;

	if (a->text == NULL)
		return;
	for (i = 0; a->substr_offsets[i] < a->size; i++) {
		const char *p = a->text + a->substr_offsets[i];
		size_t n = a->substr_offsets[i + 1] - a->substr_offsets[i];

		switch (a->substr_types[i]) {
		case MD_TEXT_NULLCHAR:
			put_utf8(out, 0xFFFD);
			break;
		case MD_TEXT_ENTITY:
			entity_decode(out, p, n);
			break;
		default:
			buf_append(out, p, n);
			break;
		}
	}
}

#define M4_SPAN_WINDOW	65536

/* md4c gives no positions. A link or image starts at the first "[" (or
 * "![") after the last text seen, unless that is past its destination in
 * the input (an autolink has no bracket); failing both, at the end of the
 * last text. */
static size_t
m4_span_offset(struct renderer *r, const MD_ATTRIBUTE *dest,
    const char *opener)
{
	size_t d = m4_offset(r, dest->text), h = (size_t)-1, end;
	const char *hit = NULL;

	/* Only up to the destination: an opener past it is not used. Not
	 * to the end of the input, which made a page of many autolinks
	 * (no "[" anywhere) quadratic; without a destination, a bounded
	 * window (positions are for messages only). */
	end = d != (size_t)-1 && d >= r->last_off ? d :
	    r->len - r->last_off > M4_SPAN_WINDOW ? r->last_off + M4_SPAN_WINDOW :
	    r->len;
	if (r->last_off < end)
		hit = memmem(r->text + r->last_off, end - r->last_off, opener,
		    strlen(opener));
	if (hit != NULL)
		h = (size_t)(hit - r->text);
	if (h != (size_t)-1 && (d == (size_t)-1 || d < r->last_off || h < d))
		return h;
	return d != (size_t)-1 ? d : r->last_off;
}

static enum align
m4_align(MD_ALIGN a)
{
	switch (a) {
	case MD_ALIGN_LEFT:	return ALIGN_LEFT;
	case MD_ALIGN_CENTER:	return ALIGN_CENTER;
	case MD_ALIGN_RIGHT:	return ALIGN_RIGHT;
	default:		return ALIGN_NONE;
	}
}

static int
m4_enter_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct renderer *r = ud;
	struct buf lang = BUF_INIT;

	if (type != MD_BLOCK_DOC && type != MD_BLOCK_H &&
	    type != MD_BLOCK_THEAD && type != MD_BLOCK_TBODY)
		map_block(r);
	switch (type) {
	case MD_BLOCK_DOC:
		break;
	case MD_BLOCK_QUOTE:
		r_blockquote(r, 1);
		break;
	case MD_BLOCK_UL:
		r_list_open(r, 0, 1);
		break;
	case MD_BLOCK_OL:
		r_list_open(r, 1, ((MD_BLOCK_OL_DETAIL *)detail)->start);
		break;
	case MD_BLOCK_LI: {
		const MD_BLOCK_LI_DETAIL *d = detail;

		r_item_open(r, d->is_task, d->is_task && d->task_mark != ' ');
		break;
	}
	case MD_BLOCK_HR:
		r_hr(r);
		break;
	case MD_BLOCK_H:
		r_heading_open(r, (int)((MD_BLOCK_H_DETAIL *)detail)->level);
		break;
	case MD_BLOCK_CODE:
		m4_attr(&lang, &((MD_BLOCK_CODE_DETAIL *)detail)->lang);
		r_code_open(r, buf_cstr(&lang), lang.len);
		buf_free(&lang);
		break;
	case MD_BLOCK_HTML:
		r->in_html_block = 1;
		r_html_block_open(r);
		break;
	case MD_BLOCK_P:
		r_para_open(r, r->depth == 1);
		break;
	case MD_BLOCK_TABLE:
		r_table_open(r);
		break;
	case MD_BLOCK_THEAD:
		r->in_thead = 1;
		break;
	case MD_BLOCK_TBODY:
		break;
	case MD_BLOCK_TR:
		r_row_open(r, r->in_thead);
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		r_cell_open(r, m4_align(((MD_BLOCK_TD_DETAIL *)detail)->align));
		break;
	}
	r->depth++;
	return 0;
}

static int
m4_leave_block(MD_BLOCKTYPE type, void *detail, void *ud)
{
	struct renderer *r = ud;

	r->depth--;
	switch (type) {
	case MD_BLOCK_DOC:
	case MD_BLOCK_HR:
	case MD_BLOCK_TBODY:
		break;
	case MD_BLOCK_QUOTE:
		r_blockquote(r, 0);
		break;
	case MD_BLOCK_UL:
		r_list_close(r, 0);
		break;
	case MD_BLOCK_OL:
		r_list_close(r, 1);
		break;
	case MD_BLOCK_LI:
		r_item_close(r);
		break;
	case MD_BLOCK_H:
		r_heading_close(r);
		break;
	case MD_BLOCK_CODE:
		r_code_close(r);
		break;
	case MD_BLOCK_HTML:
		r->in_html_block = 0;
		r_html_block_close(r);
		break;
	case MD_BLOCK_P:
		r_para_close(r);
		break;
	case MD_BLOCK_TABLE:
		r_table_close(r);
		break;
	case MD_BLOCK_THEAD:
		r->in_thead = 0;
		break;
	case MD_BLOCK_TR: {
		int header = r->in_thead;

		r_row_close(r, header);
		r->in_thead = header;	/* still inside THEAD */
		break;
	}
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		r_cell_close(r);
		break;
	}
	(void)detail;
	return 0;
}

static int
m4_enter_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct renderer *r = ud;
	struct buf a = BUF_INIT, b = BUF_INIT;
	size_t off = 0;

	switch (type) {
	case MD_SPAN_EM:
		r_tag(r, "<em>");
		break;
	case MD_SPAN_STRONG:
		r_tag(r, "<strong>");
		break;
	case MD_SPAN_CODE:
		r_tag(r, "<code>");
		break;
	case MD_SPAN_DEL:
		r_tag(r, "<del>");
		break;
	case MD_SPAN_A: {
		const MD_SPAN_A_DETAIL *d = detail;

		if (r->img_depth > 0)
			break;
		m4_attr(&a, &d->href);
		m4_attr(&b, &d->title);
		r_link_open(r, buf_cstr(&a), a.len, buf_cstr(&b), b.len,
		    m4_span_offset(r, &d->href, "["));
		break;
	}
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *d = detail;

		if (r->img_depth == 0) {
			m4_attr(&a, &d->src);
			off = m4_span_offset(r, &d->src, "![");
		}
		r_image_open(r, buf_cstr(&a), a.len, off);
		break;
	}
	default:	/* not enabled: U, WIKILINK, LATEXMATH */
		break;
	}
	buf_free(&a);
	buf_free(&b);
	return 0;
}

static int
m4_leave_span(MD_SPANTYPE type, void *detail, void *ud)
{
	struct renderer *r = ud;
	struct buf a = BUF_INIT, b = BUF_INIT;

	switch (type) {
	case MD_SPAN_EM:
		r_tag(r, "</em>");
		break;
	case MD_SPAN_STRONG:
		r_tag(r, "</strong>");
		break;
	case MD_SPAN_CODE:
		r_tag(r, "</code>");
		break;
	case MD_SPAN_DEL:
		r_tag(r, "</del>");
		break;
	case MD_SPAN_A:
		r_tag(r, "</a>");
		break;
	case MD_SPAN_IMG: {
		const MD_SPAN_IMG_DETAIL *d = detail;

		if (r->img_depth == 1) {
			m4_attr(&a, &d->src);
			m4_attr(&b, &d->title);
		}
		r_image_close(r, buf_cstr(&a), a.len, buf_cstr(&b), b.len);
		break;
	}
	default:
		break;
	}
	buf_free(&a);
	buf_free(&b);
	return 0;
}

static int
m4_text(MD_TEXTTYPE type, const MD_CHAR *p, MD_SIZE n, void *ud)
{
	struct renderer *r = ud;
	struct buf e = BUF_INIT;
	size_t off = m4_offset(r, p);

	if (off != (size_t)-1 && off + n <= r->len) {
		r->last_off = off + n;
		if (r->hlevel && r->htext_off == (size_t)-1)
			r->htext_off = off;
		/* raw HTML gets entries of its own: rules look at it */
		if (r->map != NULL && type == MD_TEXT_HTML)
			map_raw(r, off);
		else if (r->map != NULL && type != MD_TEXT_SOFTBR &&
		    type != MD_TEXT_BR)
			map_pos(r, off, 0);
	}
	switch (type) {
	case MD_TEXT_NULLCHAR:
		r_text(r, "\xEF\xBF\xBD", 3);
		break;
	case MD_TEXT_BR:
		r_linebreak(r);
		break;
	case MD_TEXT_SOFTBR:
		r_softbreak(r);
		break;
	case MD_TEXT_HTML:
		if (r->in_html_block) {
			r_html_block_text(r, p, n);
		} else {
			r_html_inline(r, p, n);
			map_raw_end(r);
		}
		break;
	case MD_TEXT_ENTITY:
		entity_decode(&e, p, n);
		r_text(r, buf_cstr(&e), e.len);
		buf_free(&e);
		break;
	default:
		r_text(r, p, n);
		break;
	}
	return 0;
}

static int
render_md4c(struct renderer *r)
{
	MD_PARSER parser;
	const char *text = r->text;
	char *copy;
	int rc = 0;

	memset(&parser, 0, sizeof(parser));
	parser.flags = MD_DIALECT_COMMONMARK;
	if (!r->opt->spec) {
		parser.flags = MD_DIALECT_GITHUB;
		if (!r->opt->allow_html)
			parser.flags |= MD_FLAG_NOHTML;
	}
	parser.enter_block = m4_enter_block;
	parser.leave_block = m4_leave_block;
	parser.enter_span = m4_enter_span;
	parser.leave_span = m4_leave_span;
	parser.text = m4_text;
	/*
	 * md4c 0.4.8 reads the byte after the input on some documents
	 * (headings next to links; mity/md4c#167, fixed after 0.4.8), and
	 * what it finds there changes what it parses: fuzz_markdown saw a
	 * 3.5 GB text length come back. It parses a NUL-terminated copy
	 * (also for a NULL text, which md4c may not be handed); r->text
	 * points at the copy meanwhile, so offsets into it stay right.
	 */
	copy = xmalloc(r->len + 1);
	if (r->len > 0)
		memcpy(copy, text, r->len);
	copy[r->len] = '\0';
	r->text = copy;
	if (md_parse(copy, (MD_SIZE)r->len, &parser, r) != 0)
		rc = -1;
	r->text = text;
	free(copy);
	return rc;
}

/* ------------------------------------------------------------------ */
/* cmark-gfm                                                           */
/* ------------------------------------------------------------------ */

/* cmark-gfm keeps global tables (extension registry, inline special
 * characters): one parse and render at a time. The extension handles
 * are set once and only read afterwards. */
static pthread_mutex_t	 cmark_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t	 cmark_once = PTHREAD_ONCE_INIT;
static cmark_syntax_extension *cmark_exts[5];

static void
cmark_init_once(void)
{
	static const char *const names[] = { "table", "strikethrough",
	    "autolink", "tagfilter", "tasklist" };
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	for (i = 0; i < NELEM(names); i++) {
		cmark_exts[i] = cmark_find_syntax_extension(names[i]);
		if (cmark_exts[i] == NULL)
			die("cmark-gfm 缺少擴充 (extension missing): %s",
			    names[i]);
	}
}

static size_t
cm_offset(struct renderer *r, cmark_node *n)
{
	return off_of_linecol(r, cmark_node_get_start_line(n),
	    cmark_node_get_start_column(n));
}

static void
cm_literal(struct renderer *r, cmark_node *n,
    void (*fn)(struct renderer *, const char *, size_t))
{
	const char *s = cmark_node_get_literal(n);

	if (s != NULL)
		fn(r, s, strlen(s));
}

static enum align
cm_cell_align(cmark_node *cell)
{
	cmark_node *row = cmark_node_parent(cell), *n;
	cmark_node *table = row ? cmark_node_parent(row) : NULL;
	uint8_t *al;
	unsigned i = 0;

	if (table == NULL)
		return ALIGN_NONE;
	for (n = cmark_node_previous(cell); n != NULL; n = cmark_node_previous(n))
		i++;
	al = cmark_gfm_extensions_get_table_alignments(table);
	if (al == NULL || i >= cmark_gfm_extensions_get_table_columns(table))
		return ALIGN_NONE;
	switch (al[i]) {
	case 'l':	return ALIGN_LEFT;
	case 'c':	return ALIGN_CENTER;
	case 'r':	return ALIGN_RIGHT;
	default:	return ALIGN_NONE;
	}
}

/* Nodes added by extensions have types outside the core enumeration:
 * tell them apart by name. */
static void
cm_extension_node(struct renderer *r, cmark_node *n, int enter)
{
	const char *t = cmark_node_get_type_string(n);

	if (strcmp(t, "strikethrough") == 0) {
		r_tag(r, enter ? "<del>" : "</del>");
	} else if (strcmp(t, "table") == 0) {
		if (enter)
			r_table_open(r);
		else
			r_table_close(r);
	} else if (strcmp(t, "table_header") == 0 ||
	    strcmp(t, "table_row") == 0) {
		if (enter)
			r_row_open(r, t[6] == 'h');
		else
			r_row_close(r, t[6] == 'h');
	} else if (strcmp(t, "table_cell") == 0) {
		if (enter)
			r_cell_open(r, cm_cell_align(n));
		else
			r_cell_close(r);
	}
}

/* Blocks start an entry; text only a new line's. Headings are mapped
 * when they close, links and images where they open. */
static void
cm_map(struct renderer *r, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
	case CMARK_NODE_HEADING:
	case CMARK_NODE_LINK:
	case CMARK_NODE_IMAGE:
		return;
	case CMARK_NODE_TEXT:
	case CMARK_NODE_CODE:
		map_pos(r, cm_offset(r, n), 0);
		return;
	case CMARK_NODE_HTML_INLINE:	/* rules look at raw tags */
		map_raw(r, cm_offset(r, n));
		return;
	default:
		if ((cmark_node_get_type(n) & CMARK_NODE_TYPE_MASK) ==
		    CMARK_NODE_TYPE_INLINE)
			return;	/* emphasis, strikethrough, breaks */
		map_block(r);
		map_pos(r, cm_offset(r, n), 1);
		return;
	}
}

static void
cm_node(struct renderer *r, cmark_node *n, int enter)
{
	cmark_node *parent, *gp;
	const char *s, *t;
	size_t k, off = 0;

	if (r->map != NULL && enter && cmark_node_get_start_line(n) > 0)
		cm_map(r, n);
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		r_blockquote(r, enter);
		break;
	case CMARK_NODE_LIST:
		if (enter)
			r_list_open(r,
			    cmark_node_get_list_type(n) == CMARK_ORDERED_LIST,
			    (unsigned long)cmark_node_get_list_start(n));
		else
			r_list_close(r,
			    cmark_node_get_list_type(n) == CMARK_ORDERED_LIST);
		break;
	case CMARK_NODE_ITEM:
		if (enter) {
			int task = strcmp(cmark_node_get_type_string(n),
			    "tasklist") == 0;

			r_item_open(r, task, task &&
			    cmark_gfm_extensions_get_tasklist_item_checked(n));
		} else {
			r_item_close(r);
		}
		break;
	case CMARK_NODE_HEADING:
		if (enter) {
			r->hoff = off_of_linecol(r, cmark_node_get_start_line(n),
			    cmark_node_get_start_column(n));
			r_heading_open(r, cmark_node_get_heading_level(n));
		} else
			r_heading_close(r);
		break;
	case CMARK_NODE_CODE_BLOCK:
		s = cmark_node_get_fence_info(n);
		s = s ? s : "";
		for (k = 0; s[k] && s[k] != ' ' && !(s[k] >= '\t' && s[k] <= '\r');
		    k++)
			;
		r_code_open(r, s, k);
		cm_literal(r, n, r_text);
		r_code_close(r);
		break;
	case CMARK_NODE_HTML_BLOCK:
		r_html_block_open(r);
		if (r->map == NULL) {
			cm_literal(r, n, r_html_block_text);
		} else if ((s = cmark_node_get_literal(n)) != NULL) {
			/* its lines are those of the input: map each */
			int line = cmark_node_get_start_line(n);
			int col = cmark_node_get_start_column(n);

			while (*s) {
				t = strchr(s, '\n');
				k = t ? (size_t)(t - s) + 1 : strlen(s);
				map_raw(r, off_of_linecol(r, line++, col));
				r_html_block_text(r, s, k);
				s += k;
			}
		}
		r_html_block_close(r);
		break;
	case CMARK_NODE_CUSTOM_BLOCK:
	case CMARK_NODE_CUSTOM_INLINE:
	case CMARK_NODE_FOOTNOTE_DEFINITION:
	case CMARK_NODE_FOOTNOTE_REFERENCE:
	case CMARK_NODE_NONE:
		break;	/* never made by our parser options */
	case CMARK_NODE_THEMATIC_BREAK:
		r_hr(r);
		break;
	case CMARK_NODE_PARAGRAPH:
		parent = cmark_node_parent(n);
		gp = parent ? cmark_node_parent(parent) : NULL;
		if (gp != NULL && cmark_node_get_type(gp) == CMARK_NODE_LIST &&
		    cmark_node_get_list_tight(gp))
			break;
		if (enter)
			r_para_open(r, parent != NULL &&
			    cmark_node_get_type(parent) == CMARK_NODE_DOCUMENT);
		else
			r_para_close(r);
		break;
	case CMARK_NODE_TEXT:
		cm_literal(r, n, r_text);
		break;
	case CMARK_NODE_LINEBREAK:
		r_linebreak(r);
		break;
	case CMARK_NODE_SOFTBREAK:
		r_softbreak(r);
		break;
	case CMARK_NODE_CODE:
		r_tag(r, "<code>");
		cm_literal(r, n, r_text);
		r_tag(r, "</code>");
		break;
	case CMARK_NODE_HTML_INLINE:
		cm_literal(r, n, r_html_inline);
		map_raw_end(r);
		break;
	case CMARK_NODE_STRONG:
		r_tag(r, enter ? "<strong>" : "</strong>");
		break;
	case CMARK_NODE_EMPH:
		r_tag(r, enter ? "<em>" : "</em>");
		break;
	case CMARK_NODE_LINK:
		if (!enter) {
			r_tag(r, "</a>");
			break;
		}
		s = cmark_node_get_url(n);
		t = cmark_node_get_title(n);
		s = s ? s : "";
		t = t ? t : "";
		if (r->img_depth == 0)
			off = cm_offset(r, n);
		r_link_open(r, s, strlen(s), t, strlen(t), off);
		break;
	case CMARK_NODE_IMAGE:
		s = cmark_node_get_url(n);
		s = s ? s : "";
		if (enter) {
			if (r->img_depth == 0)
				off = cm_offset(r, n);
			r_image_open(r, s, strlen(s), off);
		} else {
			t = cmark_node_get_title(n);
			t = t ? t : "";
			r_image_close(r, s, strlen(s), t, strlen(t));
		}
		break;
	default:
		cm_extension_node(r, n, enter);
		break;
	}
}

static int
render_cmark(struct renderer *r)
{
	cmark_parser *parser;
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;
	size_t i;

	pthread_once(&cmark_once, cmark_init_once);
	pthread_mutex_lock(&cmark_lock);
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (i = 0; i < NELEM(cmark_exts); i++)
		cmark_parser_attach_syntax_extension(parser, cmark_exts[i]);
	cmark_parser_feed(parser, r->text ? r->text : "", r->len);
	doc = cmark_parser_finish(parser);
	/* tagfilter applies wherever raw HTML passes (as in cmark-gfm) */
	r->tagfilter = r->raw_html;
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		cm_node(r, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER);
	cmark_iter_free(it);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	pthread_mutex_unlock(&cmark_lock);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Interface                                                           */
/* ------------------------------------------------------------------ */

void
markdown_global_init(void)
{
	pthread_once(&cmark_once, cmark_init_once);
}

int
markdown_engine_parse(const char *name, enum markdown_engine *out)
{
	if (strcmp(name, "md4c") == 0)
		*out = MARKDOWN_MD4C;
	else if (strcmp(name, "cmark-gfm") == 0)
		*out = MARKDOWN_CMARK_GFM;
	else
		return -1;
	return 0;
}

int
markdown_render(const char *text, size_t len,
    const struct markdown_options *opt, struct markdown_result *res)
{
	struct renderer r;
	int rc;

	if (len > MARKDOWN_MAX_INPUT) {
		diag_error(opt->path, opt->first_line, 1,
		    "Markdown 檔案過大 (file too large): %zu bytes", len);
		res->errors++;
		return -1;
	}
	renderer_init(&r, text, len, opt, res);
	if (opt->engine == MARKDOWN_CMARK_GFM) {
		rc = render_cmark(&r);
	} else {
		/* the tagfilter is GFM's; spec mode is plain CommonMark */
		r.tagfilter = r.site && opt->allow_html;
		rc = render_md4c(&r);
	}
	if (r.sanitize)
		sanitizer_end(&r.san, r.out);
	if (rc != 0) {
		diag_error(opt->path, opt->first_line, 1,
		    "Markdown 解析失敗 (parser failed)");
		res->errors++;
	}
	buf_append(&res->html, "", 0);	/* data never NULL, even when empty */
	buf_append(&res->summary, "", 0);
	renderer_free(&r);
	return res->errors > 0 ? -1 : 0;
}

const struct markdown_srcpos *
markdown_srcmap_find(const struct markdown_srcmap *m, size_t off)
{
	size_t i;

	if (m == NULL)
		return NULL;
	i = last_at_or_before(m->v, m->n, sizeof(*m->v),
	    offsetof(struct markdown_srcpos, off), off);
	return i < m->n ? &m->v[i] : NULL;
}

void
markdown_srcmap_free(struct markdown_srcmap *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

void
markdown_result_free(struct markdown_result *res)
{
	size_t i;

	buf_free(&res->html);
	buf_free(&res->summary);
	for (i = 0; i < res->nheadings; i++) {
		free(res->headings[i].id);
		free(res->headings[i].text);
	}
	free(res->headings);
	memset(res, 0, sizeof(*res));
}
