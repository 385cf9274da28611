/*
 * check: libtidy and our accessibility rules on finished pages (check.h).
 *
 * A page is read once by our tokenizer into a flat list of elements (with
 * parents) and text runs in document order; the rules walk that list.
 * Findings are collected with their byte offset in the page, then sorted
 * and printed at the source position they map to.
 *
 * This is the only file that includes the libtidy headers.
 */
#include "check.h"

#include <sys/socket.h>
#include <sys/wait.h>

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tidy/tidy.h>
#include <tidy/tidybuffio.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "freego_checks.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Limits                                                              */
/* ------------------------------------------------------------------ */

/* Element names we care about are short; a longer name is kept as
 * "" (unknown) rather than truncated into a false match. */
#define NAME_MAX_LEN	15
/* libtidy takes the length as a uint. */
#define TIDY_MAX_INPUT	((size_t)1 << 30)
/* libtidy's time grows with the square of the nesting depth (20,000
 * nested blockquotes take it 0.7 s, 40,000 take 2.6 s); deeper pages are
 * not given to it. No real page comes near. */
#define TIDY_MAX_DEPTH	1000
/* Columns of a tab in tidy's positions (its default tab-size). */
#define TIDY_TAB	8

/* ------------------------------------------------------------------ */
/* The page as tokens                                                  */
/* ------------------------------------------------------------------ */

struct attr {
	const char	*name, *val;	/* raw; val NULL when there is none */
	size_t		 nlen, vlen;
};

struct elem {
	char	 name[NAME_MAX_LEN + 1];	/* lower case */
	size_t	 off;		/* the "<" of its start tag */
	size_t	 attr0, nattr;
	int	 parent;	/* -1 at the top */
	int	 open;		/* still on the stack while parsing */
	size_t	 item, item_end;	/* its own item, the items inside */
};

/* Text runs and element starts, in document order. */
struct item {
	int	 elem;		/* >= 0: an element starts; -1: text */
	size_t	 off, len;
};

/* Bytes of the page libtidy is not shown (hide_spans). */
struct span {
	size_t	 off, len;
};

/* What libtidy reads: the page without its hidden spans, its line starts
 * (tidy reports lines and columns), and where each span was cut. */
struct tidy_text {
	const char	*s;
	size_t		 len;
	size_t		*lines;
	size_t		 nlines;
	size_t		*at;		/* [nhide]: offset in s of span i */
	size_t		*gone;		/* [nhide]: bytes cut up to span i */
};

/* An attribute value (raw) and its element, for sorted lookups: the
 * rules stay O(n log n) on a page of thousands of cells and controls. */
struct key {
	const char	*p;
	size_t		 n;
	int		 e;
	int		 group;		/* radio groups: the enclosing form */
};

struct finding {
	size_t	 off;
	size_t	 seq;		/* report order at the same offset */
	int	 error;
	char	*msg;
};

struct page {
	struct checker			*checker;
	const char			*html;
	size_t				 len;
	const struct check_source	*src;

	struct elem	*el;
	size_t		 nel, capel;
	struct attr	*at;
	size_t		 nat, capat;
	struct item	*it;
	size_t		 nit, capit;
	int		*stack;
	size_t		 nstack, capstack, maxdepth;
	size_t		 deep_off;	/* where nesting passed TIDY_MAX_DEPTH */
	size_t		 svg_from;	/* the outermost open <svg>'s content */
	int		 svg_depth;

	struct span	*hide;		/* hide_spans: sorted, apart */
	size_t		 nhide, caphide;
	struct tidy_text *tt;		/* while libtidy runs */
	size_t		 ntidy;		/* its reports, before ours drop any */
	int		 tidy_lost;	/* some of them may be missing */

	struct key	*ids;		/* id="" -> element, sorted */
	size_t		 nids;
	struct key	*fors;		/* <label for=""> -> label, sorted */
	size_t		 nfors;

	struct finding	*f;
	size_t		 nf, capf;
	int		 errors;
};

/* A set of strings (open addressing). */
struct strset {
	char	**v;
	size_t	  n, cap;
};

/* A finding held back until checker_finish (see emit). */
struct held {
	char	*path, *msg, *where;
	int	 line, col, error, markup;
	size_t	 order, seq;
};

struct checker {
	struct check_options	 opt;
	pthread_mutex_t		 tidy_local;	/* libtidy is not thread-safe */
	pthread_mutex_t		 tidy_lock;	/* the workers below */
	pthread_cond_t		 tw_idle;
	struct tidy_worker	*tw;		/* libtidy in processes */
	int			 ntw;
	pthread_mutex_t		 seen_lock;	/* the members below */
	struct strset		 seen;		/* template places reported */
	struct strset		 said;		/* messages reported */
	struct held		*held;
	size_t			 nheld, capheld;
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static int
is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
eq_ci(const char *p, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == '\0' || lower(p[i]) != lower(s[i]))
			return 0;
	return s[n] == '\0';
}

/* Tag names are compared for every element of every page: most differ
 * in their first byte, which is tested before the call. */
static inline int
same(const char *a, const char *b)
{
	return a[0] == b[0] && strcmp(a, b) == 0;
}

static int
is_void(const char *name)
{
	static const char *const v[] = { "area", "base", "br", "col", "embed",
	    "hr", "img", "input", "keygen", "link", "meta", "param", "source",
	    "track", "wbr" };
	size_t i;

	for (i = 0; i < NELEM(v); i++)
		if (same(name, v[i]))
			return 1;
	return 0;
}

static int
name_in(const char *name, const char *const *set, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (same(name, set[i]))
			return 1;
	return 0;
}

static size_t
find_ci(const char *p, size_t from, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = from; i + n <= len; i++)
		if (p[i] == needle[0] && eq_ci(p + i, n, needle))
			return i;
	return len;
}

static void
push_item(struct page *pg, int elem, size_t off, size_t len)
{
	if (pg->nit == pg->capit) {
		pg->capit = pg->capit ? pg->capit * 2 : 256;
		pg->it = xrealloc(pg->it, pg->capit * sizeof(*pg->it));
	}
	pg->it[pg->nit].elem = elem;
	pg->it[pg->nit].off = off;
	pg->it[pg->nit].len = len;
	pg->nit++;
}

static void
pop(struct page *pg)
{
	int e = pg->stack[--pg->nstack];

	pg->el[e].open = 0;
	pg->el[e].item_end = pg->nit;
}

/* Index in the stack of the innermost open `name` with none of `stop`
 * above it, or -1. */
static long
open_index(const struct page *pg, const char *name, const char *const *stop,
    size_t nstop)
{
	size_t i;

	for (i = pg->nstack; i-- > 0;) {
		const char *n = pg->el[pg->stack[i]].name;

		if (same(n, name))
			return (long)i;
		if (name_in(n, stop, nstop))
			return -1;
	}
	return -1;
}

static void
pop_to(struct page *pg, long idx)
{
	while (idx >= 0 && pg->nstack > (size_t)idx)
		pop(pg);
}

/* The end tags HTML lets authors leave out, as far as the rules care. */
static void
implied_ends(struct page *pg, const char *name)
{
	static const char *const closes_p[] = { "address", "article", "aside",
	    "blockquote", "details", "div", "dl", "fieldset", "figcaption",
	    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
	    "header", "hr", "main", "menu", "nav", "ol", "p", "pre", "section",
	    "table", "ul" };
	static const char *const lists[] = { "ul", "ol", "menu" };
	static const char *const dl[] = { "dl" };
	static const char *const table[] = { "table" };
	static const char *const row[] = { "tr", "table" };
	long i;

	if (pg->nstack > 0 && name_in(name, closes_p, NELEM(closes_p)) &&
	    same(pg->el[pg->stack[pg->nstack - 1]].name, "p"))
		pop(pg);
	if (same(name, "li")) {
		pop_to(pg, open_index(pg, "li", lists, NELEM(lists)));
	} else if (same(name, "dt") || same(name, "dd")) {
		pop_to(pg, open_index(pg, "dt", dl, NELEM(dl)));
		pop_to(pg, open_index(pg, "dd", dl, NELEM(dl)));
	} else if (same(name, "tr")) {
		pop_to(pg, open_index(pg, "tr", table, NELEM(table)));
	} else if (same(name, "td") || same(name, "th")) {
		pop_to(pg, open_index(pg, "td", row, NELEM(row)));
		pop_to(pg, open_index(pg, "th", row, NELEM(row)));
	} else if (same(name, "thead") || same(name, "tbody") ||
	    same(name, "tfoot")) {
		if ((i = open_index(pg, "thead", table, NELEM(table))) < 0 &&
		    (i = open_index(pg, "tbody", table, NELEM(table))) < 0)
			i = open_index(pg, "tfoot", table, NELEM(table));
		pop_to(pg, i);
	} else if (same(name, "option") && pg->nstack > 0 &&
	    same(pg->el[pg->stack[pg->nstack - 1]].name, "option")) {
		pop(pg);
	}
}

/* Parse the attributes of a start tag from p[*i]; stops after ">". */
static void
parse_attrs(struct page *pg, size_t *i, int *self_closing)
{
	const char *h = pg->html;
	size_t n = pg->len, k = *i;
	struct attr *a;

	*self_closing = 0;
	while (k < n) {
		while (k < n && is_space(h[k]))
			k++;
		if (k >= n)
			break;
		if (h[k] == '>') {
			k++;
			break;
		}
		if (h[k] == '/') {
			if (k + 1 < n && h[k + 1] == '>') {
				*self_closing = 1;
				k += 2;
				break;
			}
			k++;
			continue;
		}
		if (pg->nat == pg->capat) {
			pg->capat = pg->capat ? pg->capat * 2 : 256;
			pg->at = xrealloc(pg->at, pg->capat * sizeof(*pg->at));
		}
		a = &pg->at[pg->nat++];
		a->name = h + k;
		while (k < n && !is_space(h[k]) && h[k] != '=' && h[k] != '>' &&
		    h[k] != '/')
			k++;
		a->nlen = (size_t)(h + k - a->name);
		if (a->nlen == 0)	/* a stray "=" */
			a->nlen = 1, k++;
		a->val = NULL;
		a->vlen = 0;
		while (k < n && is_space(h[k]))
			k++;
		if (k < n && h[k] == '=') {
			k++;
			while (k < n && is_space(h[k]))
				k++;
			if (k < n && (h[k] == '"' || h[k] == '\'')) {
				char q = h[k++];

				a->val = h + k;
				while (k < n && h[k] != q)
					k++;
				a->vlen = (size_t)(h + k - a->val);
				if (k < n)
					k++;
			} else {
				a->val = h + k;
				while (k < n && !is_space(h[k]) && h[k] != '>')
					k++;
				a->vlen = (size_t)(h + k - a->val);
			}
		}
	}
	*i = k;
}

/* Keep [off, off + len) from libtidy. */
static void
hide(struct page *pg, size_t off, size_t len)
{
	if (pg->nhide == pg->caphide) {
		pg->caphide = pg->caphide ? pg->caphide * 2 : 16;
		pg->hide = xrealloc(pg->hide, pg->caphide * sizeof(*pg->hide));
	}
	pg->hide[pg->nhide].off = off;
	pg->hide[pg->nhide].len = len;
	pg->nhide++;
}

static const struct attr *attr_get(const struct page *, int, const char *);

/* A <script> whose type is JSON (application/ld+json): data, not HTML
 * or a script. */
static int
data_block(const struct page *pg, int e)
{
	const struct attr *a = attr_get(pg, e, "type");
	size_t k;

	if (a == NULL || a->val == NULL)
		return 0;
	for (k = 0; k + 4 <= a->vlen; k++)
		if (lower(a->val[k]) == 'j' && lower(a->val[k + 1]) == 's' &&
		    lower(a->val[k + 2]) == 'o' && lower(a->val[k + 3]) == 'n')
			return 1;
	return 0;
}

static void
start_tag(struct page *pg, size_t *i)
{
	const char *h = pg->html;
	size_t k = *i + 1, from = k, n = pg->len, end;
	struct elem *e;
	int self_closing, idx;

	while (k < n && !is_space(h[k]) && h[k] != '>' && h[k] != '/')
		k++;
	if (pg->nel == pg->capel) {
		pg->capel = pg->capel ? pg->capel * 2 : 128;
		pg->el = xrealloc(pg->el, pg->capel * sizeof(*pg->el));
	}
	idx = (int)pg->nel;
	e = &pg->el[pg->nel++];
	memset(e, 0, sizeof(*e));
	if (k - from <= NAME_MAX_LEN) {
		size_t j;

		for (j = 0; j < k - from; j++)
			e->name[j] = lower(h[from + j]);
	}
	e->off = *i;
	e->attr0 = pg->nat;
	parse_attrs(pg, &k, &self_closing);
	e = &pg->el[idx];
	e->nattr = pg->nat - e->attr0;
	implied_ends(pg, e->name);
	e->parent = pg->nstack ? pg->stack[pg->nstack - 1] : -1;
	e->item = pg->nit;
	push_item(pg, idx, e->off, k - e->off);
	e->item_end = pg->nit;
	*i = k;
	if (same(e->name, "svg") && !self_closing &&
	    pg->svg_depth++ == 0)
		pg->svg_from = k;
	if (self_closing || is_void(e->name))
		return;
	if (pg->nstack == pg->capstack) {
		pg->capstack = pg->capstack ? pg->capstack * 2 : 64;
		pg->stack = xrealloc(pg->stack, pg->capstack * sizeof(int));
	}
	pg->stack[pg->nstack++] = idx;
	if (pg->nstack > pg->maxdepth) {
		pg->maxdepth = pg->nstack;
		if (pg->maxdepth == TIDY_MAX_DEPTH + 1)
			pg->deep_off = e->off;
	}
	e->open = 1;
	/* raw text: nothing inside is markup; script and style hold no text */
	if (same(e->name, "script") || same(e->name, "style") ||
	    same(e->name, "title") || same(e->name, "textarea")) {
		char close[NAME_MAX_LEN + 3] = "</";

		strcat(close, e->name);
		end = find_ci(h, k, n, close);
		if (e->name[0] == 't' && end > k)
			push_item(pg, -1, k, end - k);
		if (e->name[1] == 'c' && end > k && data_block(pg, idx))
			hide(pg, k, end - k);
		*i = end;
	}
}

static void
end_tag(struct page *pg, size_t *i)
{
	const char *h = pg->html;
	size_t k = *i + 2, from = k, n = pg->len, j;
	char name[NAME_MAX_LEN + 1] = "";
	long idx;

	while (k < n && !is_space(h[k]) && h[k] != '>' && h[k] != '/')
		k++;
	if (k - from <= NAME_MAX_LEN) {
		for (j = 0; j < k - from; j++)
			name[j] = lower(h[from + j]);
		name[j] = '\0';
	}
	while (k < n && h[k] != '>')
		k++;
	*i = k < n ? k + 1 : n;
	if (name[0] == '\0')
		return;
	/* an inline SVG's content: SVG, not HTML (hide_spans) */
	if (same(name, "svg") && pg->svg_depth > 0 &&
	    --pg->svg_depth == 0 && from - 2 > pg->svg_from)
		hide(pg, pg->svg_from, from - 2 - pg->svg_from);
	idx = open_index(pg, name, NULL, 0);
	pop_to(pg, idx);
}

static void
tokenize(struct page *pg)
{
	const char *h = pg->html;
	size_t i = 0, n = pg->len, t;

	while (i < n) {
		if (h[i] != '<') {
			const char *lt = memchr(h + i, '<', n - i);

			t = lt ? (size_t)(lt - h) : n;
			push_item(pg, -1, i, t - i);
			i = t;
			continue;
		}
		if (i + 3 < n && memcmp(h + i, "<!--", 4) == 0) {
			t = find_ci(h, i + 4, n, "-->");
			i = t < n ? t + 3 : n;
		} else if (i + 1 < n && (h[i + 1] == '!' || h[i + 1] == '?')) {
			const char *gt = memchr(h + i, '>', n - i);

			i = gt ? (size_t)(gt - h) + 1 : n;
		} else if (i + 2 < n && h[i + 1] == '/' && is_alpha(h[i + 2])) {
			end_tag(pg, &i);
		} else if (i + 1 < n && is_alpha(h[i + 1])) {
			start_tag(pg, &i);
		} else {
			push_item(pg, -1, i, 1);
			i++;
		}
	}
	while (pg->nstack > 0)
		pop(pg);
}

/* ------------------------------------------------------------------ */
/* Reading the tokens                                                  */
/* ------------------------------------------------------------------ */

static const struct attr *
attr_get(const struct page *pg, int e, const char *name)
{
	size_t i;

	for (i = 0; i < pg->el[e].nattr; i++) {
		const struct attr *a = &pg->at[pg->el[e].attr0 + i];

		if (eq_ci(a->name, a->nlen, name))
			return a;
	}
	return NULL;
}

static void
put_utf8(struct buf *b, unsigned long c)
{
	char s[4];

	if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		c = 0xFFFD;
	if (c < 0x80) {
		buf_putc(b, (char)c);
	} else if (c < 0x800) {
		s[0] = (char)(0xC0 | (c >> 6));
		s[1] = (char)(0x80 | (c & 0x3F));
		buf_append(b, s, 2);
	} else if (c < 0x10000) {
		s[0] = (char)(0xE0 | (c >> 12));
		s[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[2] = (char)(0x80 | (c & 0x3F));
		buf_append(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (c >> 18));
		s[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		s[3] = (char)(0x80 | (c & 0x3F));
		buf_append(b, s, 4);
	}
}

/* Character references, as far as the rules need them: numeric ones and
 * the few names that can make text look empty or not. Others stay as
 * written, which is never blank. */
static void
decode(struct buf *b, const char *p, size_t n)
{
	static const struct {
		const char	*name;
		unsigned long	 cp;
	} names[] = { { "amp", '&' }, { "lt", '<' }, { "gt", '>' },
	    { "quot", '"' }, { "apos", '\'' }, { "nbsp", 0xA0 },
	    { "ensp", 0x2002 }, { "emsp", 0x2003 }, { "thinsp", 0x2009 },
	    { "zwsp", 0x200B }, { "ZeroWidthSpace", 0x200B } };
	size_t i = 0, k, j;

	while (i < n) {
		const char *amp = memchr(p + i, '&', n - i);
		unsigned long c = 0;

		if (amp == NULL) {
			buf_append(b, p + i, n - i);
			return;
		}
		k = (size_t)(amp - p);
		buf_append(b, p + i, k - i);
		i = k + 1;
		if (i < n && p[i] == '#') {
			int hex = i + 1 < n && (p[i + 1] == 'x' || p[i + 1] == 'X');
			size_t d = i + 1 + (size_t)hex, s = d;

			for (; d < n && d - s < 8; d++) {
				char ch = lower(p[d]);

				if (ch >= '0' && ch <= '9')
					c = c * (hex ? 16 : 10) + (unsigned long)(ch - '0');
				else if (hex && ch >= 'a' && ch <= 'f')
					c = c * 16 + (unsigned long)(ch - 'a' + 10);
				else
					break;
			}
			if (d > s) {
				put_utf8(b, c);
				i = d < n && p[d] == ';' ? d + 1 : d;
				continue;
			}
		} else {
			for (j = 0; j < NELEM(names); j++) {
				size_t l = strlen(names[j].name);

				if (i + l < n && memcmp(p + i, names[j].name, l) == 0 &&
				    p[i + l] == ';') {
					put_utf8(b, names[j].cp);
					i += l + 1;
					break;
				}
			}
			if (j < NELEM(names))
				continue;
		}
		buf_putc(b, '&');
	}
}

/* Decoded value of attribute name of e into b (emptied first); 0 when
 * the attribute is absent. */
static int
attr_text(const struct page *pg, int e, const char *name, struct buf *b)
{
	const struct attr *a = attr_get(pg, e, name);

	buf_reset(b);
	if (a == NULL)
		return 0;
	if (a->val != NULL)
		decode(b, a->val, a->vlen);
	return 1;
}

/* Only white space (also no-break, ideographic and zero-width spaces)? */
static int
blank(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	size_t i = 0;

	while (i < n) {
		if (is_space((char)s[i]))
			i++;
		else if (i + 1 < n && s[i] == 0xC2 && s[i + 1] == 0xA0)
			i += 2;
		else if (i + 2 < n && s[i] == 0xE3 && s[i + 1] == 0x80 &&
		    s[i + 2] == 0x80)
			i += 3;
		else if (i + 2 < n && s[i] == 0xE2 && s[i + 1] == 0x80 &&
		    (s[i + 2] == 0x8B || (s[i + 2] >= 0x82 && s[i + 2] <= 0x89)))
			i += 3;
		else
			return 0;
	}
	return 1;
}

static int
blank_buf(const struct buf *b)
{
	return blank(buf_cstr(b), b->len);
}

/* Is the attribute there with something in it? */
static int
attr_filled(const struct page *pg, int e, const char *name)
{
	struct buf b = BUF_INIT;
	int r = attr_text(pg, e, name, &b) && !blank_buf(&b);

	buf_free(&b);
	return r;
}

static int
attr_is(const struct page *pg, int e, const char *name, const char *value)
{
	const struct attr *a = attr_get(pg, e, name);
	size_t i = 0, n;

	if (a == NULL || a->val == NULL)
		return 0;
	n = a->vlen;
	while (i < n && is_space(a->val[i]))
		i++;
	while (n > i && is_space(a->val[n - 1]))
		n--;
	return eq_ci(a->val + i, n - i, value);
}

static int
is(const struct page *pg, int e, const char *name)
{
	/* the rules ask this of every element: most differ at once */
	return same(pg->el[e].name, name);
}

/* The nearest ancestor of e named `name` (or with that role), or -1. */
static int
ancestor(const struct page *pg, int e, const char *name, const char *role)
{
	for (e = pg->el[e].parent; e >= 0; e = pg->el[e].parent)
		if (is(pg, e, name) || (role != NULL && attr_is(pg, e, "role", role)))
			return e;
	return -1;
}

/* Is e a descendant of anc? Its start lies among anc's items. */
static int
inside(const struct page *pg, int e, int anc)
{
	return pg->el[e].item > pg->el[anc].item &&
	    pg->el[e].item < pg->el[anc].item_end;
}

/* Text content of e, decoded; with_alt adds the alt text of images (a
 * link's or a label's text). */
static void
text_of(const struct page *pg, int e, struct buf *b, int with_alt)
{
	struct buf alt = BUF_INIT;
	size_t i;

	buf_reset(b);
	for (i = pg->el[e].item + 1; i < pg->el[e].item_end; i++) {
		const struct item *it = &pg->it[i];

		if (it->elem < 0) {
			decode(b, pg->html + it->off, it->len);
		} else if (with_alt && (is(pg, it->elem, "img") ||
		    (is(pg, it->elem, "input") &&
		    attr_is(pg, it->elem, "type", "image"))) &&
		    attr_text(pg, it->elem, "alt", &alt)) {
			buf_putc(b, ' ');
			buf_append(b, buf_cstr(&alt), alt.len);
		}
	}
	buf_free(&alt);
}

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	size_t n = x->n < y->n ? x->n : y->n;
	int c;

	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if ((c = n ? memcmp(x->p, y->p, n) : 0) != 0)
		return c;
	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	return (x->e > y->e) - (x->e < y->e);
}

static void
key_push(struct key **v, size_t *n, size_t *cap, const char *p, size_t len,
    int e, int group)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[*n].p = p;
	(*v)[*n].n = len;
	(*v)[*n].e = e;
	(*v)[*n].group = group;
	(*n)++;
}

static void
key_sort(struct key *v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof(*v), key_cmp);
}

/* The first entry for (group, p, len), in document order, or NULL; equal
 * entries follow it. */
static const struct key *
key_find(const struct key *v, size_t n, int group, const char *p, size_t len)
{
	struct key k = { p, len, -1, group };
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (key_cmp(&v[mid], &k) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && v[lo].group == group && v[lo].n == len &&
	    (len == 0 || memcmp(v[lo].p, p, len) == 0))
		return &v[lo];
	return NULL;
}

/* Every id and label for="" of the page, for lookups. */
static void
index_keys(struct page *pg)
{
	size_t i, capids = 0, capfors = 0;
	const struct attr *a;

	for (i = 0; i < pg->nel; i++) {
		if ((a = attr_get(pg, (int)i, "id")) != NULL && a->val != NULL)
			key_push(&pg->ids, &pg->nids, &capids, a->val, a->vlen,
			    (int)i, 0);
		if (is(pg, (int)i, "label") &&
		    (a = attr_get(pg, (int)i, "for")) != NULL && a->val != NULL)
			key_push(&pg->fors, &pg->nfors, &capfors, a->val,
			    a->vlen, (int)i, 0);
	}
	key_sort(pg->ids, pg->nids);
	key_sort(pg->fors, pg->nfors);
}

/* The element with id `id` (n bytes, raw), or -1 (the first of
 * duplicates). */
static int
by_id(const struct page *pg, const char *id, size_t n)
{
	const struct key *k = key_find(pg->ids, pg->nids, 0, id, n);

	return k ? k->e : -1;
}

/* aria-labelledby: does it name an element with text? */
static int
labelledby_filled(const struct page *pg, int e)
{
	const struct attr *a = attr_get(pg, e, "aria-labelledby");
	struct buf b = BUF_INIT;
	size_t i = 0, k;
	int ok = 0, t;

	if (a == NULL || a->val == NULL)
		return 0;
	while (!ok && i < a->vlen) {
		while (i < a->vlen && is_space(a->val[i]))
			i++;
		for (k = i; k < a->vlen && !is_space(a->val[k]); k++)
			;
		if (k > i && (t = by_id(pg, a->val + i, k - i)) >= 0) {
			text_of(pg, t, &b, 1);
			ok = !blank_buf(&b);
		}
		i = k;
	}
	buf_free(&b);
	return ok;
}

/* ------------------------------------------------------------------ */
/* Findings                                                            */
/* ------------------------------------------------------------------ */

static void
report(struct page *pg, size_t off, int error, enum freego_code code,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
report(struct page *pg, size_t off, int error, enum freego_code code,
    const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (code != FREEGO_NONE)
		buf_printf(&b, "[%s] %s ", freego_checks[code].code,
		    freego_checks[code].message);
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (pg->nf == pg->capf) {
		pg->capf = pg->capf ? pg->capf * 2 : 16;
		pg->f = xrealloc(pg->f, pg->capf * sizeof(*pg->f));
	}
	pg->f[pg->nf].off = off;
	pg->f[pg->nf].seq = pg->nf;
	pg->f[pg->nf].error = error;
	pg->f[pg->nf].msg = buf_detach(&b);
	pg->nf++;
}

/* A short, printable excerpt of an attribute for messages. */
static void
quote_attr(const struct page *pg, int e, const char *name, struct buf *out)
{
	const struct attr *a = attr_get(pg, e, name);
	size_t n;

	buf_reset(out);
	if (a == NULL || a->val == NULL)
		return;
	n = a->vlen > 80 ? 80 : a->vlen;
	while (n > 0 && n < a->vlen && ((unsigned char)a->val[n] & 0xC0) == 0x80)
		n--;	/* not inside a UTF-8 character */
	buf_append(out, a->val, n);
	if (n < a->vlen)
		buf_puts(out, "…");
}

/* ------------------------------------------------------------------ */
/* Rules                                                               */
/* ------------------------------------------------------------------ */

/* Images and other non-text content: HM1110100C, HM1110101C,
 * HM1110104C, HM1110105C, HM1110106C. */
static void
rule_images(struct page *pg)
{
	struct buf alt = BUF_INIT, q = BUF_INIT;
	size_t i;

	for (i = 0; i < pg->nel; i++) {
		int e = (int)i, has;

		if (is(pg, e, "img")) {
			has = attr_text(pg, e, "alt", &alt);
			quote_attr(pg, e, "src", &q);
			if (!has)
				report(pg, pg->el[e].off, 1, FREEGO_HM1110100C,
				    "(img without alt): %s", buf_cstr(&q));
			else if (blank_buf(&alt) && attr_get(pg, e, "title"))
				report(pg, pg->el[e].off, 1, FREEGO_HM1110106C,
				    "(alt=\"\" with a title): %s", buf_cstr(&q));
		} else if (is(pg, e, "area")) {
			if (!attr_filled(pg, e, "alt"))
				report(pg, pg->el[e].off, 1, FREEGO_HM1110101C,
				    "(area without alt)");
		} else if (is(pg, e, "input") && attr_is(pg, e, "type", "image")) {
			if (!attr_filled(pg, e, "alt"))
				report(pg, pg->el[e].off, 1, FREEGO_HM1110104C,
				    "(input type=image without alt)");
		} else if (is(pg, e, "object") || is(pg, e, "embed") ||
		    is(pg, e, "applet")) {
			text_of(pg, e, &alt, 1);
			if (blank_buf(&alt) && !attr_filled(pg, e, "title") &&
			    !attr_filled(pg, e, "aria-label") &&
			    !labelledby_filled(pg, e))
				report(pg, pg->el[e].off, 1, FREEGO_HM1110105C,
				    "(<%s> without a text alternative)",
				    pg->el[e].name);
		}
	}
	buf_free(&alt);
	buf_free(&q);
}

static int
heading_level(const struct page *pg, int e)
{
	const char *n = pg->el[e].name;

	if (n[0] == 'h' && n[1] >= '1' && n[1] <= '6' && n[2] == '\0')
		return n[1] - '0';
	return 0;
}

/* HM1130100C: no level skipped going down, starting from h1. */
static void
rule_headings(struct page *pg)
{
	size_t i;
	int prev = 0, l;

	for (i = 0; i < pg->nel; i++) {
		if ((l = heading_level(pg, (int)i)) == 0)
			continue;
		if (l > prev + 1) {
			if (prev == 0)
				report(pg, pg->el[i].off, 1, FREEGO_HM1130100C,
				    "(the first heading is h%d; a page begins "
				    "with h1)", l);
			else
				report(pg, pg->el[i].off, 1, FREEGO_HM1130100C,
				    "(h%d after h%d skips a level)", l, prev);
		}
		prev = l;
	}
}

/* The ids listed in headers="" of cell e, into v. */
static void
headers_tokens(const struct page *pg, int e, struct key **v, size_t *n,
    size_t *cap)
{
	const struct attr *a = attr_get(pg, e, "headers");
	size_t i, k;

	if (a == NULL || a->val == NULL)
		return;
	for (i = 0; i < a->vlen; i = k) {
		while (i < a->vlen && is_space(a->val[i]))
			i++;
		for (k = i; k < a->vlen && !is_space(a->val[k]); k++)
			;
		if (k > i)
			key_push(v, n, cap, a->val + i, k - i, e, 0);
	}
}

/* HM1130101C (scope), HM1130102C (headers and id). */
static void
rule_tables(struct page *pg)
{
	int *cells = NULL;
	struct key *ids = NULL, *refs = NULL;
	size_t t, i, c, ncells, nth, nids, nrefs, capids = 0, caprefs = 0;

	for (t = 0; t < pg->nel; t++) {
		if (!is(pg, (int)t, "table") ||
		    attr_is(pg, (int)t, "role", "presentation") ||
		    attr_is(pg, (int)t, "role", "none"))
			continue;
		/* its own cells, not those of nested tables */
		ncells = nth = nids = nrefs = 0;
		if (cells == NULL)
			cells = xmalloc(pg->nel * sizeof(*cells));
		for (i = t + 1; i < pg->nel && inside(pg, (int)i, (int)t); i++) {
			const struct attr *id;

			if ((!is(pg, (int)i, "td") && !is(pg, (int)i, "th")) ||
			    ancestor(pg, (int)i, "table", NULL) != (int)t)
				continue;
			cells[ncells++] = (int)i;
			nth += is(pg, (int)i, "th");
			if ((id = attr_get(pg, (int)i, "id")) != NULL &&
			    id->val != NULL)
				key_push(&ids, &nids, &capids, id->val, id->vlen,
				    (int)i, 0);
			headers_tokens(pg, (int)i, &refs, &nrefs, &caprefs);
		}
		key_sort(ids, nids);
		key_sort(refs, nrefs);
		if (ncells > 0 && nth == 0)
			report(pg, pg->el[t].off, 0, FREEGO_HM1130101C,
			    "(table without header cells <th>; a layout table "
			    "takes role=\"presentation\")");
		for (c = 0; c < ncells; c++) {
			int e = cells[c];
			const struct attr *a;

			if (!is(pg, e, "th"))
				continue;
			a = attr_get(pg, e, "scope");
			if (a != NULL) {
				if (!attr_is(pg, e, "scope", "col") &&
				    !attr_is(pg, e, "scope", "row") &&
				    !attr_is(pg, e, "scope", "colgroup") &&
				    !attr_is(pg, e, "scope", "rowgroup"))
					report(pg, pg->el[e].off, 1,
					    FREEGO_HM1130101C, "(scope is col, "
					    "row, colgroup or rowgroup)");
			} else if ((a = attr_get(pg, e, "id")) == NULL ||
			    a->val == NULL ||
			    !key_find(refs, nrefs, 0, a->val, a->vlen)) {
				report(pg, pg->el[e].off, 1, FREEGO_HM1130101C,
				    "(th without scope, and no cell names it in "
				    "headers)");
			}
		}
		/* every id in headers="" is a cell of this table */
		for (i = 0; i < nrefs; i++)
			if (!key_find(ids, nids, 0, refs[i].p, refs[i].n))
				report(pg, pg->el[refs[i].e].off, 1,
				    FREEGO_HM1130102C, "(headers names \"%.*s\", "
				    "no header cell of this table)",
				    (int)refs[i].n, refs[i].p);
	}
	free(cells);
	free(ids);
	free(refs);
}

/* A control someone fills in. A disabled one (a Markdown task-list box)
 * cannot be operated and is left alone. */
static int
is_control(const struct page *pg, int e)
{
	if (attr_get(pg, e, "disabled") != NULL)
		return 0;
	if (is(pg, e, "select") || is(pg, e, "textarea"))
		return 1;
	if (!is(pg, e, "input"))
		return 0;
	return !attr_is(pg, e, "type", "hidden") &&
	    !attr_is(pg, e, "type", "submit") &&
	    !attr_is(pg, e, "type", "reset") &&
	    !attr_is(pg, e, "type", "button") &&
	    !attr_is(pg, e, "type", "image");
}

static int
labelled(const struct page *pg, int e, struct buf *b)
{
	const struct attr *id;
	const struct key *k;
	int l;

	if (attr_filled(pg, e, "title") || attr_filled(pg, e, "aria-label") ||
	    labelledby_filled(pg, e))
		return 1;
	if ((l = ancestor(pg, e, "label", NULL)) >= 0) {
		text_of(pg, l, b, 1);
		if (!blank_buf(b))
			return 1;
	}
	id = attr_get(pg, e, "id");
	if (id == NULL || id->val == NULL || id->vlen == 0)
		return 0;
	k = key_find(pg->fors, pg->nfors, 0, id->val, id->vlen);
	for (; k != NULL && k < pg->fors + pg->nfors && k->n == id->vlen &&
	    memcmp(k->p, id->val, k->n) == 0; k++) {
		text_of(pg, k->e, b, 1);
		if (!blank_buf(b))
			return 1;
	}
	return 0;
}

/* HM1130104C (labels), HM1130103C (fieldset and legend, grouped radio
 * buttons and check boxes). */
static void
rule_forms(struct page *pg)
{
	struct buf b = BUF_INIT, q = BUF_INIT;
	struct key *choices = NULL;
	size_t i, k, nchoices = 0, capchoices = 0;

	for (i = 0; i < pg->nel; i++) {
		int e = (int)i;

		if (is_control(pg, e) && !labelled(pg, e, &b)) {
			quote_attr(pg, e, "name", &q);
			report(pg, pg->el[e].off, 1, FREEGO_HM1130104C,
			    "(<%s> without a label)%s%s", pg->el[e].name,
			    q.len ? ": name=" : "", buf_cstr(&q));
		}
		if (is(pg, e, "fieldset")) {
			/* the legend is its first child element */
			for (k = i + 1; k < pg->nel && pg->el[k].parent != e &&
			    inside(pg, (int)k, e); k++)
				;
			if (k >= pg->nel || pg->el[k].parent != e ||
			    !is(pg, (int)k, "legend")) {
				report(pg, pg->el[e].off, 1, FREEGO_HM1130103C,
				    "(fieldset without a legend as its first "
				    "child)");
				continue;
			}
			text_of(pg, (int)k, &b, 1);
			if (blank_buf(&b))
				report(pg, pg->el[k].off, 1, FREEGO_HM1130103C,
				    "(empty legend)");
		}
		/* radio buttons and check boxes, grouped by form and name */
		if (is(pg, e, "input") && (attr_is(pg, e, "type", "radio") ||
		    attr_is(pg, e, "type", "checkbox"))) {
			const struct attr *n = attr_get(pg, e, "name");

			if (n != NULL && n->val != NULL && n->vlen > 0)
				key_push(&choices, &nchoices, &capchoices, n->val,
				    n->vlen, e, ancestor(pg, e, "form", NULL));
		}
	}
	/* a group of choices sits in a fieldset (or an ARIA group) */
	key_sort(choices, nchoices);
	for (i = 0; i < nchoices; i = k) {
		int ungrouped = 0;

		for (k = i; k < nchoices && choices[k].group == choices[i].group &&
		    choices[k].n == choices[i].n &&
		    memcmp(choices[k].p, choices[i].p, choices[i].n) == 0; k++)
			if (ancestor(pg, choices[k].e, "fieldset", "group") < 0 &&
			    ancestor(pg, choices[k].e, "fieldset",
			    "radiogroup") < 0)
				ungrouped = 1;
		if (k - i > 1 && ungrouped)
			report(pg, pg->el[choices[i].e].off, 0, FREEGO_HM1130103C,
			    "(the %zu choices named \"%.*s\" are not grouped in "
			    "a fieldset with a legend)", k - i,
			    (int)choices[i].n, choices[i].p);
	}
	free(choices);
	buf_free(&b);
	buf_free(&q);
}

/* Link text that says nothing without its surroundings. */
static int
vague_link_text(const struct buf *t)
{
	static const char *const vague[] = { "請點此", "點此", "請按此",
	    "按此", "請點這裡", "點這裡", "請按這裡", "按這裡", "這裡", "此處",
	    "click here", "click", "here", "link" };
	struct buf n = BUF_INIT;
	const char *p = buf_cstr(t);
	size_t i, len;
	int r = 0, sp = 0;

	/* collapse white space, lower-case ASCII, drop end punctuation */
	for (i = 0; i < t->len; i++) {
		if (is_space(p[i])) {
			sp = n.len > 0;
			continue;
		}
		if (sp)
			buf_putc(&n, ' ');
		sp = 0;
		buf_putc(&n, lower(p[i]));
	}
	len = n.len;
	for (;;) {
		const char *s = buf_cstr(&n);

		if (len > 0 && strchr(".!:>", s[len - 1]))
			len--;
		else if (len >= 3 && (memcmp(s + len - 3, "。", 3) == 0 ||
		    memcmp(s + len - 3, "！", 3) == 0 ||
		    memcmp(s + len - 3, "：", 3) == 0))
			len -= 3;
		else
			break;
	}
	for (i = 0; i < NELEM(vague) && !r; i++)
		r = strlen(vague[i]) == len && memcmp(vague[i], n.data, len) == 0;
	buf_free(&n);
	return r;
}

/* HM1240401C: every link has text; a bare 「請點此」 is a warning without
 * a code. */
static void
rule_links(struct page *pg)
{
	struct buf b = BUF_INIT, q = BUF_INIT;
	size_t i;

	for (i = 0; i < pg->nel; i++) {
		int e = (int)i;

		if (!is(pg, e, "a") || attr_get(pg, e, "href") == NULL)
			continue;
		text_of(pg, e, &b, 1);
		if (blank_buf(&b) && !attr_filled(pg, e, "aria-label") &&
		    !labelledby_filled(pg, e)) {
			quote_attr(pg, e, "href", &q);
			report(pg, pg->el[e].off, 1, FREEGO_HM1240401C,
			    "(link without text): href=\"%s\"", buf_cstr(&q));
		} else if (vague_link_text(&b) && !attr_filled(pg, e, "title")) {
			const char *t = buf_cstr(&b);
			size_t n = b.len;

			while (n > 0 && is_space(t[n - 1]))
				n--;
			while (n > 0 && is_space(*t))
				t++, n--;
			report(pg, pg->el[e].off, 0, FREEGO_NONE,
			    "連結文字「%.*s」看不出連結目的，請寫出連到哪裡，例如"
			    "「下載申請書」(link text does not say where it "
			    "leads)", (int)n, t);
		}
	}
	buf_free(&b);
	buf_free(&q);
}

/* A BCP 47 tag, as far as its shape goes: zh-Hant-TW, en, x-klingon. */
static int
lang_ok(const char *p, size_t n)
{
	size_t i = 0, k;
	int first = 1;

	while (i < n && is_space(p[i]))
		i++;
	while (n > i && is_space(p[n - 1]))
		n--;
	if (i == n)
		return 0;
	while (i < n) {
		for (k = i; k < n && p[k] != '-'; k++)
			if (!is_alpha(p[k]) && (first || p[k] < '0' || p[k] > '9'))
				return 0;
		if (k == i || k - i > 8 || (first && k - i < 1))
			return 0;
		first = 0;
		i = k + 1;
		if (k < n && i == n)
			return 0;	/* ends with "-" */
	}
	return 1;
}

/* HM1240200C <title>, HM1310100C <html lang>, HM2310200C lang on parts,
 * HM1410201C frame titles. */
static void
rule_document(struct page *pg)
{
	struct buf b = BUF_INIT;
	int html = -1, title = -1;
	size_t i;

	for (i = 0; i < pg->nel; i++) {
		int e = (int)i;
		const struct attr *a;

		if (html < 0 && is(pg, e, "html"))
			html = e;
		if (title < 0 && is(pg, e, "title") &&
		    ancestor(pg, e, "svg", NULL) < 0)
			title = e;
		if ((is(pg, e, "iframe") || is(pg, e, "frame")) &&
		    !attr_filled(pg, e, "title"))
			report(pg, pg->el[e].off, 1, FREEGO_HM1410201C,
			    "(<%s> without a title)", pg->el[e].name);
		if (e != html && (a = attr_get(pg, e, "lang")) != NULL &&
		    !lang_ok(a->val ? a->val : "", a->val ? a->vlen : 0))
			report(pg, pg->el[e].off, 1, FREEGO_HM2310200C,
			    "(lang=\"%.*s\" is not a language tag)",
			    a->val ? (int)(a->vlen > 40 ? 40 : a->vlen) : 0,
			    a->val ? a->val : "");
	}
	if (title < 0) {
		report(pg, html >= 0 ? pg->el[html].off : 0, 1,
		    FREEGO_HM1240200C, "(the page has no <title>)");
	} else {
		text_of(pg, title, &b, 0);
		if (blank_buf(&b))
			report(pg, pg->el[title].off, 1, FREEGO_HM1240200C,
			    "(empty <title>)");
	}
	if (html < 0) {
		report(pg, 0, 1, FREEGO_HM1310100C, "(no <html> element)");
	} else {
		const struct attr *a = attr_get(pg, html, "lang");

		if (a == NULL || a->val == NULL || blank(a->val, a->vlen))
			report(pg, pg->el[html].off, 1, FREEGO_HM1310100C,
			    "(<html> without lang)");
		else if (!lang_ok(a->val, a->vlen))
			report(pg, pg->el[html].off, 1, FREEGO_HM1310100C,
			    "(lang=\"%.*s\" is not a language tag)",
			    (int)(a->vlen > 40 ? 40 : a->vlen), a->val);
	}
	buf_free(&b);
}

/* Is li nothing but one link? */
static int
link_only(const struct page *pg, int li)
{
	size_t i, links = 0, skip_to = 0;

	for (i = pg->el[li].item + 1; i < pg->el[li].item_end; i++) {
		const struct item *it = &pg->it[i];

		if (i < skip_to)
			continue;
		if (it->elem < 0) {
			if (!blank(pg->html + it->off, it->len))
				return 0;
		} else if (is(pg, it->elem, "a") &&
		    attr_get(pg, it->elem, "href") != NULL) {
			links++;
			skip_to = pg->el[it->elem].item_end;
		} else if (is(pg, it->elem, "ul") || is(pg, it->elem, "ol") ||
		    is(pg, it->elem, "img")) {
			return 0;
		}
	}
	return links == 1;
}

/* HM1240102C: a list of links repeated around the content (outside
 * <main>, not from Markdown) belongs in <nav>, so it can be skipped as a
 * group. Lists of links inside <main> (a section's pages, the site map,
 * a page's classification codes) are the page's content. */
static void
rule_nav(struct page *pg)
{
	const struct check_source *src = pg->src;
	size_t i, k, items;

	for (i = 0; i < pg->nel; i++) {
		int e = (int)i, pure = 1;

		if ((!is(pg, e, "ul") && !is(pg, e, "ol")) ||
		    ancestor(pg, e, "nav", "navigation") >= 0 ||
		    ancestor(pg, e, "main", "main") >= 0)
			continue;
		if (src != NULL && src->frag_end > src->frag_start &&
		    pg->el[e].off >= src->frag_start &&
		    pg->el[e].off < src->frag_end)
			continue;
		items = 0;
		for (k = i + 1; k < pg->nel && inside(pg, (int)k, e) && pure;
		    k++) {
			if (pg->el[k].parent != e)
				continue;
			if (is(pg, (int)k, "li")) {
				items++;
				pure = link_only(pg, (int)k);
			}
		}
		if (pure && items >= 2)
			report(pg, pg->el[e].off, 0, FREEGO_HM1240102C,
			    "(a list of links outside <nav> and <main>)");
	}
}

static int
focusable(const struct page *pg, int e)
{
	const struct attr *t = attr_get(pg, e, "tabindex");

	if (t != NULL && t->val != NULL && t->vlen > 0)
		return t->val[0] != '-';
	if ((is(pg, e, "a") || is(pg, e, "area")) && attr_get(pg, e, "href"))
		return 1;
	if (is(pg, e, "button") || is(pg, e, "select") ||
	    is(pg, e, "textarea") || (is(pg, e, "input") &&
	    !attr_is(pg, e, "type", "hidden")))
		return attr_get(pg, e, "disabled") == NULL;
	if (is(pg, e, "iframe") || is(pg, e, "summary"))
		return 1;
	if ((is(pg, e, "audio") || is(pg, e, "video")) &&
	    attr_get(pg, e, "controls"))
		return 1;
	return attr_get(pg, e, "contenteditable") != NULL;
}

/* The first focusable element inside `in` (anywhere when in < 0). */
static int
first_focusable(const struct page *pg, int in)
{
	size_t i;

	for (i = in < 0 ? 0 : (size_t)in + 1; i < pg->nel; i++) {
		if (in >= 0 && !inside(pg, (int)i, in))
			break;
		if (focusable(pg, (int)i))
			return (int)i;
	}
	return -1;
}

static int
find_landmark(const struct page *pg, const char *name, const char *role)
{
	size_t i;

	for (i = 0; i < pg->nel; i++)
		if (is(pg, (int)i, name) || attr_is(pg, (int)i, "role", role))
			return (int)i;
	return -1;
}

/* The 導盲磚 (DOMAIN.md §4), no Freego code: a skip link to the main
 * content first, then accesskey U in the header, C at the top of <main>
 * and Z at the top of the footer. */
static void
rule_guide_tiles(struct page *pg)
{
	static const struct {
		const char	*key, *where, *name, *role, *gloss;
	} tiles[] = {
		{ "U", "上方功能區", "header", "banner", "header" },
		{ "C", "中央內容區", "main", "main", "main content" },
		{ "Z", "下方功能區", "footer", "contentinfo", "footer" },
	};
	int first = first_focusable(pg, -1), main = find_landmark(pg, "main", "main");
	int body = find_landmark(pg, "body", "document");
	size_t t, i;

	if (first < 0)
		return;		/* nothing to operate: nothing to skip */
	{
		const struct attr *h = attr_get(pg, first, "href");
		int target = -1;

		if (is(pg, first, "a") && h != NULL && h->val != NULL &&
		    h->vlen > 1 && h->val[0] == '#')
			target = by_id(pg, h->val + 1, h->vlen - 1);
		if (target < 0 || main < 0 ||
		    (target != main && !inside(pg, target, main)))
			report(pg, pg->el[first].off, 1, FREEGO_NONE,
			    "導盲磚：第一個可聚焦的元素應是跳到主要內容區塊"
			    "（<main>）的連結，如「跳到主要內容區塊」(the first "
			    "focusable element should be a skip link to the "
			    "main content)");
	}
	for (t = 0; t < NELEM(tiles); t++) {
		int land = find_landmark(pg, tiles[t].name, tiles[t].role);
		int found = -1;

		for (i = 0; i < pg->nel && found < 0; i++)
			if (attr_is(pg, (int)i, "accesskey", tiles[t].key))
				found = (int)i;
		if (found < 0) {
			report(pg, land >= 0 ? pg->el[land].off : body >= 0 ?
			    pg->el[body].off : 0, 1, FREEGO_NONE,
			    "導盲磚：缺少%s的 accesskey=\"%s\" 定位點 (no "
			    "accesskey %s anchor in the %s)", tiles[t].where,
			    tiles[t].key, tiles[t].key, tiles[t].gloss);
		} else if (land < 0 || !inside(pg, found, land)) {
			report(pg, pg->el[found].off, 0, FREEGO_NONE,
			    "導盲磚：accesskey=\"%s\" 應在%s <%s> 內 (accesskey "
			    "%s belongs in the <%s>)", tiles[t].key,
			    tiles[t].where, tiles[t].name, tiles[t].key,
			    tiles[t].name);
		} else if (t > 0 && first_focusable(pg, land) != found) {
			report(pg, pg->el[found].off, 0, FREEGO_NONE,
			    "導盲磚：accesskey=\"%s\" 應是%s <%s> 的第一個可聚焦"
			    "元素 (accesskey %s should come first in the <%s>)",
			    tiles[t].key, tiles[t].where, tiles[t].name,
			    tiles[t].key, tiles[t].name);
		}
	}
}

/* ------------------------------------------------------------------ */
/* libtidy                                                             */
/* ------------------------------------------------------------------ */

static pthread_once_t	tidy_once = PTHREAD_ONCE_INIT;

/* Before the first tidyCreate, or libtidy calls setlocale(). */
static void
tidy_init(void)
{
	tidySetLanguage("en");
}

static int
span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return (x->off > y->off) - (x->off < y->off);
}

/*
 * The bytes libtidy is not shown, besides what the tokenizer found (the
 * content of JSON data blocks, which is data, and of inline SVG, which
 * libtidy 5.6 parses as foreign content and does not check: a <p> or an
 * unknown element inside passes; reading an SOP's flowchart was half of
 * its time on the page, 0.55 of 1.2 ms): the markup of other pages a template
 * interpolated (value_foreign: the FAQ index's answers), which libtidy
 * reads where their own page shows them. Our rules read the whole page:
 * what only the composition makes (the headings' order, ids that clash)
 * is theirs. On the corpus's FAQ index libtidy then reads 0.6 of its
 * 2.5 MB.
 */
static void
hide_spans(struct page *pg)
{
	const struct template_srcmap *m = pg->src ? pg->src->tmpl_map : NULL;
	size_t i, k;

	for (i = 0; m != NULL && i < m->n; i++)
		if (m->v[i].interp && m->v[i].foreign && m->v[i].len > 0)
			hide(pg, m->v[i].off, m->v[i].len);
	if (pg->nhide < 2)
		return;
	qsort(pg->hide, pg->nhide, sizeof(*pg->hide), span_cmp);
	for (i = k = 1; i < pg->nhide; i++) {
		struct span *last = &pg->hide[k - 1];
		size_t end = last->off + last->len;

		if (pg->hide[i].off <= end) {	/* overlapping: one span */
			if (pg->hide[i].off + pg->hide[i].len > end)
				last->len = pg->hide[i].off + pg->hide[i].len -
				    last->off;
		} else
			pg->hide[k++] = pg->hide[i];
	}
	pg->nhide = k;
}

/* The text libtidy reads (the page when nothing is hidden). */
static void
tidy_text_make(const struct page *pg, struct tidy_text *t, struct buf *cut)
{
	size_t i, from = 0, cap = 64, gone = 0;

	memset(t, 0, sizeof(*t));
	t->s = pg->html;
	t->len = pg->len;
	if (pg->nhide > 0) {
		t->at = xmalloc(pg->nhide * sizeof(*t->at));
		t->gone = xmalloc(pg->nhide * sizeof(*t->gone));
		for (i = 0; i < pg->nhide; i++) {
			buf_append(cut, pg->html + from, pg->hide[i].off - from);
			from = pg->hide[i].off + pg->hide[i].len;
			t->at[i] = cut->len;
			gone += pg->hide[i].len;
			t->gone[i] = gone;
		}
		buf_append(cut, pg->html + from, pg->len - from);
		t->s = buf_cstr(cut);
		t->len = cut->len;
	}
	t->lines = xmalloc(cap * sizeof(*t->lines));
	t->lines[0] = 0;
	t->nlines = 1;
	for (i = 0; i < t->len; i++) {
		if (t->s[i] != '\n')
			continue;
		if (t->nlines == cap) {
			cap *= 2;
			t->lines = xrealloc(t->lines, cap * sizeof(*t->lines));
		}
		t->lines[t->nlines++] = i + 1;
	}
}

static void
tidy_text_free(struct tidy_text *t)
{
	free(t->lines);
	free(t->at);
	free(t->gone);
}

/* tidy's line and column (characters, tabs to the next multiple of 8)
 * to a byte offset of the page. */
static size_t
tidy_offset(const struct page *pg, int line, int col)
{
	const struct tidy_text *t = pg->tt;
	size_t off, i;
	int c = 1;

	if (line < 1)
		return 0;
	if ((size_t)line > t->nlines)
		return pg->len;
	off = t->lines[line - 1];
	while (c < col && off < t->len && t->s[off] != '\n') {
		if (t->s[off] == '\t')
			c += TIDY_TAB - (c - 1) % TIDY_TAB;
		else
			c++;
		off++;
		while (off < t->len &&
		    ((unsigned char)t->s[off] & 0xC0) == 0x80)
			off++;
	}
	/* back in the page: past the spans cut at or before off */
	i = last_at_or_before(t->at, pg->nhide, sizeof(*t->at), 0, off);
	return i < pg->nhide ? off + t->gone[i] : off;
}

/* The element whose start tag begins at off, or -1. */
static int
elem_at(const struct page *pg, size_t off)
{
	size_t lo = 0, hi = pg->nel, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (pg->el[mid].off < off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < pg->nel && pg->el[lo].off == off ? (int)lo : -1;
}

/* tidy calls a URL with non-ASCII characters malformed; HTML5 allows
 * them (IRIs). Only ASCII that no URL may hold makes it a real problem. */
static int
urls_valid(const struct page *pg, int e)
{
	size_t i, k;

	for (i = 0; i < pg->el[e].nattr; i++) {
		const struct attr *a = &pg->at[pg->el[e].attr0 + i];

		if (a->val == NULL || !(eq_ci(a->name, a->nlen, "href") ||
		    eq_ci(a->name, a->nlen, "src") ||
		    eq_ci(a->name, a->nlen, "action") ||
		    eq_ci(a->name, a->nlen, "cite") ||
		    eq_ci(a->name, a->nlen, "longdesc") ||
		    eq_ci(a->name, a->nlen, "usemap")))
			continue;
		for (k = 0; k < a->vlen; k++) {
			unsigned char c = (unsigned char)a->val[k];

			if (c <= 0x20 || c == 0x7F || strchr("<>\"\\^`{|}", c))
				return 0;
		}
	}
	return 1;
}

/* One of tidy's reports, kept or dropped and placed on the page. Called
 * in this process for the in-process tidy and with the reports a worker
 * process sent back (see below): the decision needs our view of the
 * page, the worker has only tidy's. */
static void
tidy_found(struct page *pg, int lv, const char *key, const char *text,
    int line, int col)
{
	size_t off;
	int e;

	if (lv != TidyWarning && lv != TidyError && lv != TidyBadDocument &&
	    lv != TidyFatal)
		return;
	pg->ntidy++;
	off = tidy_offset(pg, line, col);
	/* our rules report a missing alt and an empty lang, with codes */
	if (strcmp(key, "MISSING_ATTRIBUTE") == 0 && strstr(text, "\"alt\""))
		return;
	if (strcmp(key, "MISSING_ATTR_VALUE") == 0 && strstr(text, "\"lang\""))
		return;
	if (strcmp(key, "BAD_ATTRIBUTE_VALUE") == 0 && strstr(text, "\"scope\""))
		return;
	if (strcmp(key, "MISSING_TITLE_ELEMENT") == 0)
		return;
	if ((strcmp(key, "ESCAPED_ILLEGAL_URI") == 0 ||
	    strcmp(key, "ILLEGAL_URI_REFERENCE") == 0 ||
	    strcmp(key, "ILLEGAL_URI_CODEPOINT") == 0) &&
	    (e = elem_at(pg, off)) >= 0 && urls_valid(pg, e))
		return;
	report(pg, off, lv != TidyWarning, FREEGO_NONE, "HTML 檢查 (tidy): %s",
	    text);
}

/* Where tidy's reports go: to the page (in process) or into a reply
 * (in a worker). */
struct tidy_sink {
	struct page	*pg;
	struct buf	*reply;
};

static void
put_u32(struct buf *b, uint32_t v)
{
	buf_append(b, (const char *)&v, sizeof(v));
}

static Bool TIDY_CALL
tidy_message(TidyMessage m)
{
	struct tidy_sink *sink = tidyGetAppData(tidyGetMessageDoc(m));
	const char *key = tidyGetMessageKey(m), *text = tidyGetMessage(m);
	int lv = (int)tidyGetMessageLevel(m);

	key = key ? key : "";
	text = text ? text : "";
	if (sink->reply == NULL) {
		tidy_found(sink->pg, lv, key, text, tidyGetMessageLine(m),
		    tidyGetMessageColumn(m));
		return no;	/* printed by us, not by tidy */
	}
	put_u32(sink->reply, (uint32_t)lv);
	put_u32(sink->reply, (uint32_t)tidyGetMessageLine(m));
	put_u32(sink->reply, (uint32_t)tidyGetMessageColumn(m));
	put_u32(sink->reply, (uint32_t)strlen(key));
	buf_puts(sink->reply, key);
	put_u32(sink->reply, (uint32_t)strlen(text));
	buf_puts(sink->reply, text);
	return no;
}

/*
 * libtidy's memory comes from an arena that dies with the document: tidy
 * makes millions of small allocations per build and frees each one, and
 * malloc/free were a fifth of its time. Every allocation is kept until
 * tidyRelease (the largest page, 2.5 MB of HTML, peaks near 20 MB); a
 * realloc copies into a new allocation. Each block starts with its size.
 */
struct tidy_arena {
	TidyAllocator	 base;	/* first: libtidy passes &base back */
	struct arena	 a;
};

#define TIDY_HDR	16	/* keeps max_align_t alignment */

static void *
tidy_arena_alloc(TidyAllocator *self, size_t n)
{
	struct tidy_arena *t = (struct tidy_arena *)self;
	unsigned char *p = arena_alloc(&t->a, n + TIDY_HDR);

	memcpy(p, &n, sizeof(n));
	return p + TIDY_HDR;
}

static void *
tidy_arena_realloc(TidyAllocator *self, void *old, size_t n)
{
	size_t had;
	void *p;

	if (old == NULL)
		return tidy_arena_alloc(self, n);
	memcpy(&had, (unsigned char *)old - TIDY_HDR, sizeof(had));
	if (n <= had)
		return old;
	p = tidy_arena_alloc(self, n);
	memcpy(p, old, had);
	return p;
}

static void
tidy_arena_free(TidyAllocator *self, void *p)
{
	(void)self;
	(void)p;
}

static void
tidy_arena_panic(TidyAllocator *self, ctmbstr msg)
{
	(void)self;
	die("libtidy: %s", msg);
}

static const TidyAllocatorVtbl tidy_arena_vtbl = {
	tidy_arena_alloc, tidy_arena_realloc, tidy_arena_free,
	tidy_arena_panic
};

/* Parse html[0..len) with libtidy; its reports go to sink. The caller
 * keeps libtidy to one thread of this process. */
static void
tidy_parse(const char *html, size_t len, struct tidy_sink *sink)
{
	struct tidy_arena mem = { { &tidy_arena_vtbl }, ARENA_INIT };
	TidyDoc doc;
	TidyBuffer in;

	pthread_once(&tidy_once, tidy_init);
	doc = tidyCreateWithAllocator(&mem.base);
	tidySetAppData(doc, sink);
	tidyOptSetInt(doc, TidyAccessibilityCheckLevel, 0);
	tidyOptSetValue(doc, TidyDoctype, "html5");
	tidySetInCharEncoding(doc, "utf8");
	tidyOptSetBool(doc, TidyShowWarnings, yes);
	tidyOptSetBool(doc, TidyShowInfo, no);
	tidyOptSetBool(doc, TidyQuiet, yes);
	tidyOptSetInt(doc, TidyShowErrors, 1000000);
	/* valid HTML5 that tidy would otherwise warn about */
	tidyOptSetBool(doc, TidyDropEmptyElems, no);
	tidyOptSetValue(doc, TidyUseCustomTags, "blocklevel");
	tidySetMessageCallback(doc, tidy_message);
	tidyBufInit(&in);
	tidyBufAttach(&in, (byte *)(uintptr_t)html, (uint)len);
	tidyParseBuffer(doc, &in);
	tidyBufDetach(&in);
	tidyRelease(doc);
	arena_free(&mem.a);
}

/*
 * Worker processes. libtidy 5.6 keeps its tag table in a global that
 * parsing changes (htacg/tidy-html5#816, made thread-local only in
 * 5.9.10), so in one process it runs on one thread at a time. With
 * check_options.tidy_workers > 0 it runs in that many child processes
 * instead, forked by checker_new: a thread sends a page over a socket
 * (8-byte length, the bytes) and reads back the reports (8-byte length,
 * then per report level, line, column, key and text, as tidy_message
 * writes them). The children only read, parse and write; they exit when
 * their socket closes. A worker that fails is retired and its page is
 * checked in this process, so a crash in libtidy costs speed, not a check.
 */
struct tidy_worker {
	pid_t	 pid;
	int	 fd;
	int	 busy, dead;
};

static int
io_full(int fd, void *p, size_t n, int out)
{
	char *c = p;

	while (n > 0) {
		ssize_t k = out ? send(fd, c, n, MSG_NOSIGNAL) : read(fd, c, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		c += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Serve pages until the socket closes or fails; returns then. */
static void
tidy_worker_main(int fd)
{
	struct buf in = BUF_INIT, reply = BUF_INIT;
	struct tidy_sink sink = { NULL, &reply };
	uint64_t len;

	for (;;) {
		if (io_full(fd, &len, sizeof(len), 0) < 0 || len > TIDY_MAX_INPUT)
			break;
		buf_reset(&in);
		buf_grow(&in, (size_t)len + 1);
		if (io_full(fd, in.data, (size_t)len, 0) < 0)
			break;
		buf_reset(&reply);
		tidy_parse(in.data, (size_t)len, &sink);
		len = reply.len;
		if (io_full(fd, &len, sizeof(len), 1) < 0 ||
		    io_full(fd, reply.data, reply.len, 1) < 0)
			break;
	}
	buf_free(&in);
	buf_free(&reply);
}

static void
tidy_workers_start(struct checker *c, int n)
{
	int i, k, sv[2];
	pid_t pid;

	c->tw = xcalloc((size_t)n, sizeof(*c->tw));
	for (i = 0; i < n; i++) {
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
			break;
		if ((pid = fork()) < 0) {
			close(sv[0]);
			close(sv[1]);
			break;
		}
		if (pid == 0) {
			/* the earlier workers' sockets: theirs to close */
			for (k = 0; k < c->ntw; k++)
				close(c->tw[k].fd);
			close(sv[0]);
			tidy_worker_main(sv[1]);
			/* The child's copy of the checker is reachable from
			 * nothing once checker_new's frame is gone: free it, so
			 * the worker exits without a lost block (valgrind
			 * follows forks). */
			free(c->tw);
			free(c);
			_exit(0);
		}
		close(sv[1]);
		c->tw[c->ntw].pid = pid;
		c->tw[c->ntw].fd = sv[0];
		c->ntw++;
	}
}

static void
tidy_workers_stop(struct checker *c)
{
	int i;

	for (i = 0; i < c->ntw; i++) {
		close(c->tw[i].fd);
		while (waitpid(c->tw[i].pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	free(c->tw);
}

static uint32_t
get_u32(const char **p)
{
	uint32_t v;

	memcpy(&v, *p, sizeof(v));
	*p += sizeof(v);
	return v;
}

/* The reports of a worker's reply, given to tidy_found; -1 if the reply
 * is malformed. */
static int
tidy_replay(struct page *pg, const char *p, size_t len)
{
	const char *end = p + len;
	struct buf key = BUF_INIT, text = BUF_INIT;
	int rc = 0;

	while (p < end) {
		uint32_t lv, line, col, n;

		if ((size_t)(end - p) < 4 * sizeof(uint32_t)) {
			rc = -1;
			break;
		}
		lv = get_u32(&p);
		line = get_u32(&p);
		col = get_u32(&p);
		n = get_u32(&p);
		if ((size_t)(end - p) < n + sizeof(uint32_t)) {
			rc = -1;
			break;
		}
		buf_reset(&key);
		buf_append(&key, p, n);
		p += n;
		n = get_u32(&p);
		if ((size_t)(end - p) < n) {
			rc = -1;
			break;
		}
		buf_reset(&text);
		buf_append(&text, p, n);
		p += n;
		tidy_found(pg, (int)lv, buf_cstr(&key), buf_cstr(&text),
		    (int)line, (int)col);
	}
	buf_free(&key);
	buf_free(&text);
	return rc;
}

/* Check pg in a worker: 0, or -1 when no worker could (nothing reported
 * then). */
static int
tidy_remote(struct checker *c, struct page *pg)
{
	struct tidy_worker *w = NULL;
	struct buf reply = BUF_INIT;
	uint64_t len = pg->tt->len;
	int i, alive, rc = -1;

	pthread_mutex_lock(&c->tidy_lock);
	for (;;) {
		for (i = alive = 0; i < c->ntw; i++) {
			alive += !c->tw[i].dead;
			if (!c->tw[i].dead && !c->tw[i].busy) {
				w = &c->tw[i];
				break;
			}
		}
		if (w != NULL || alive == 0)
			break;
		pthread_cond_wait(&c->tw_idle, &c->tidy_lock);
	}
	if (w != NULL)
		w->busy = 1;
	pthread_mutex_unlock(&c->tidy_lock);
	if (w == NULL)
		return -1;
	if (io_full(w->fd, &len, sizeof(len), 1) == 0 &&
	    io_full(w->fd, (void *)(uintptr_t)pg->tt->s, pg->tt->len, 1) == 0 &&
	    io_full(w->fd, &len, sizeof(len), 0) == 0 && len <= TIDY_MAX_INPUT) {
		buf_grow(&reply, (size_t)len + 1);
		if (io_full(w->fd, reply.data, (size_t)len, 0) == 0) {
			reply.len = (size_t)len;
			rc = 0;
		}
	}
	pthread_mutex_lock(&c->tidy_lock);
	w->busy = 0;
	w->dead = rc < 0;
	pthread_cond_broadcast(&c->tw_idle);
	pthread_mutex_unlock(&c->tidy_lock);
	if (rc == 0 && tidy_replay(pg, reply.data, reply.len) < 0)
		pg->tidy_lost = 1;	/* what it sent was read; the rest
					 * is lost */
	buf_free(&reply);
	return rc;
}

/* Whether the byte at off is in a span libtidy was not shown. */
static int
hidden(const struct page *pg, size_t off)
{
	size_t i = last_at_or_before(pg->hide, pg->nhide, sizeof(*pg->hide),
	    offsetof(struct span, off), off);

	return i < pg->nhide && off - pg->hide[i].off < pg->hide[i].len;
}

/*
 * The ids libtidy would have found taken already had it read the hidden
 * spans (an FAQ answer repeating an id of another answer or of the page):
 * an id is reported where it comes again, when that element was hidden
 * or no element before it with that id was shown.
 */
static void
hidden_ids(struct page *pg)
{
	struct buf q = BUF_INIT;
	size_t i, k;

	for (i = 0; pg->nhide > 0 && i < pg->nids; i = k) {
		const struct key *first = &pg->ids[i];
		int shown = !hidden(pg, pg->el[first->e].off);

		for (k = i + 1; k < pg->nids && pg->ids[k].n == first->n &&
		    memcmp(pg->ids[k].p, first->p, first->n) == 0; k++) {
			size_t off = pg->el[pg->ids[k].e].off;
			int h = hidden(pg, off);

			if (h || !shown) {
				quote_attr(pg, pg->ids[k].e, "id", &q);
				report(pg, off, 0, FREEGO_NONE, "HTML 檢查：id"
				    "「%s」在本頁重複 (duplicate id \"%s\")",
				    buf_cstr(&q), buf_cstr(&q));
			}
			shown |= !h;
		}
	}
	buf_free(&q);
}

static void
run_tidy(struct checker *c, struct page *pg)
{
	struct tidy_sink sink = { pg, NULL };
	struct tidy_text tt;
	struct buf cut = BUF_INIT;
	uint64_t digest;

	if (pg->len > TIDY_MAX_INPUT || pg->maxdepth > TIDY_MAX_DEPTH) {
		report(pg, pg->deep_off, 0, FREEGO_NONE, "HTML 檢查 (tidy)：巢狀"
		    "超過 %d 層（%zu 層），此頁未用 libtidy 檢查 (nested too "
		    "deep for libtidy; page not checked by it)", TIDY_MAX_DEPTH,
		    pg->maxdepth);
		return;
	}
	tidy_text_make(pg, &tt, &cut);
	/* a text libtidy said nothing about: it would say nothing again */
	digest = hash64(tt.s, tt.len) | 1;
	if (pg->src != NULL && pg->src->tidy_clean == digest)
		goto clean;
	pg->tt = &tt;
	if (c->ntw == 0 || tidy_remote(c, pg) < 0) {
		pthread_mutex_lock(&c->tidy_local);
		tidy_parse(tt.s, tt.len, &sink);
		pthread_mutex_unlock(&c->tidy_local);
	}
	pg->tt = NULL;
	if (pg->ntidy > 0 || pg->tidy_lost)
		digest = 0;
clean:
	if (pg->src != NULL && pg->src->tidy_digest != NULL)
		*pg->src->tidy_digest = digest;
	tidy_text_free(&tt);
	buf_free(&cut);
}

/* ------------------------------------------------------------------ */
/* Reporting at the source                                             */
/* ------------------------------------------------------------------ */

static int
finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static size_t
hash_str(const char *s)
{
	size_t h = 5381;

	while (*s)
		h = h * 33 + (unsigned char)*s++;
	return h;
}

/* Add key to the set; 1 if it was not there. Caller holds seen_lock. */
static int
strset_add(struct strset *set, const char *key)
{
	size_t i, cap;
	char **old;

	if ((set->n + 1) * 2 > set->cap) {
		old = set->v;
		cap = set->cap;
		set->cap = cap ? cap * 2 : 64;
		set->v = xcalloc(set->cap, sizeof(*set->v));
		for (i = 0; i < cap; i++) {
			size_t k;

			if (old[i] == NULL)
				continue;
			for (k = hash_str(old[i]) % set->cap; set->v[k];
			    k = (k + 1) % set->cap)
				;
			set->v[k] = old[i];
		}
		free(old);
	}
	for (i = hash_str(key) % set->cap; set->v[i] != NULL;
	    i = (i + 1) % set->cap)
		if (strcmp(set->v[i], key) == 0)
			return 0;
	set->v[i] = xstrdup(key);
	set->n++;
	return 1;
}

static int
strset_has(const struct strset *set, const char *key)
{
	size_t i;

	if (set->cap == 0)
		return 0;
	for (i = hash_str(key) % set->cap; set->v[i] != NULL;
	    i = (i + 1) % set->cap)
		if (strcmp(set->v[i], key) == 0)
			return 1;
	return 0;
}

static void
strset_free(struct strset *set)
{
	size_t i;

	for (i = 0; i < set->cap; i++)
		free(set->v[i]);
	free(set->v);
	memset(set, 0, sizeof(*set));
}

static void
print(const char *path, int line, int col, int error, const char *msg,
    const char *where)
{
	if (error)
		diag_error(path, line, col, "%s%s%s%s", msg,
		    where[0] ? "（頁面 " : "", where, where[0] ? "）" : "");
	else
		diag_warning(path, line, col, "%s%s%s%s", msg,
		    where[0] ? "（頁面 " : "", where, where[0] ? "）" : "");
}

/*
 * Print a finding where it came from: Markdown and page positions now
 * (the caller orders each page's output), template places at
 * checker_finish (see check.h).
 */
static void
emit(struct page *pg, const struct finding *f)
{
	const struct check_source *src = pg->src;
	const char *path = src && src->out_path ? src->out_path : NULL;
	int line, col;

	if (src != NULL && src->history) {
		const struct template_srcpos *p = template_srcmap_find(
		    src->tmpl_map, f->off);

		/* old content, diffs, titles: history, not today's errors */
		if (p == NULL || p->interp || (f->off >= src->frag_start &&
		    f->off < src->frag_end))
			return;
	}
	if (src != NULL && src->md_map != NULL && src->md_path != NULL &&
	    f->off >= src->frag_start && f->off < src->frag_end &&
	    markdown_srcmap_find(src->md_map, f->off - src->frag_start)) {
		const struct markdown_srcpos *p = markdown_srcmap_find(
		    src->md_map, f->off - src->frag_start);
		size_t i;

		path = src->md_path;
		line = p->line;
		col = p->col;
		if (p->raw)	/* raw HTML: count the columns */
			for (i = src->frag_start + p->off; i < f->off &&
			    pg->html[i] != '\n'; i++)
				col += ((unsigned char)pg->html[i] & 0xC0) != 0x80;
	} else if (src != NULL && template_srcmap_find(src->tmpl_map, f->off)) {
		const struct template_srcpos *p = template_srcmap_find(
		    src->tmpl_map, f->off);
		size_t i;

		path = p->path;
		if (path[0] == '.' && path[1] == '/')
			path += 2;
		line = p->line;
		col = p->col;
		if (!p->interp)	/* within a line of literal text */
			for (i = p->off; i < f->off && i < pg->len; i++)
				col += ((unsigned char)pg->html[i] & 0xC0) != 0x80;
		{
			struct checker *c = pg->checker;
			struct held *h;

			pthread_mutex_lock(&c->seen_lock);
			if (c->nheld == c->capheld) {
				c->capheld = c->capheld ? c->capheld * 2 : 16;
				c->held = xrealloc(c->held,
				    c->capheld * sizeof(*c->held));
			}
			h = &c->held[c->nheld++];
			h->path = xstrdup(path);
			h->msg = xstrdup(f->msg);
			h->where = xstrdup(src->out_path ? src->out_path : "");
			h->line = line;
			h->col = col;
			h->error = f->error;
			h->markup = p->markup && (f->off < src->frag_start ||
			    f->off >= src->frag_end);
			h->order = src->order;
			h->seq = f->seq;
			pthread_mutex_unlock(&c->seen_lock);
			return;
		}
	} else {
		diag_position(pg->html, f->off, &line, &col);
	}
	pthread_mutex_lock(&pg->checker->seen_lock);
	strset_add(&pg->checker->said, f->msg);
	pthread_mutex_unlock(&pg->checker->seen_lock);
	print(path, line, col, f->error, f->msg, "");
}

/* ------------------------------------------------------------------ */
/* Interface                                                           */
/* ------------------------------------------------------------------ */

const char *
checker_tidy_version(void)
{
	return tidyLibraryVersion();
}

struct checker *
checker_new(const struct check_options *opt)
{
	struct checker *c = xcalloc(1, sizeof(*c));

	if (opt != NULL)
		c->opt = *opt;
	pthread_mutex_init(&c->tidy_local, NULL);
	pthread_mutex_init(&c->tidy_lock, NULL);
	pthread_cond_init(&c->tw_idle, NULL);
	pthread_mutex_init(&c->seen_lock, NULL);
	if (!c->opt.no_tidy && c->opt.tidy_workers > 0)
		tidy_workers_start(c, c->opt.tidy_workers);
	return c;
}

static int
held_cmp(const void *a, const void *b)
{
	const struct held *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

int
checker_finish(struct checker *c)
{
	struct buf key = BUF_INIT;
	size_t i;
	int errors = 0;

	pthread_mutex_lock(&c->seen_lock);
	if (c->nheld > 1)
		qsort(c->held, c->nheld, sizeof(*c->held), held_cmp);
	for (i = 0; i < c->nheld; i++) {
		struct held *h = &c->held[i];

		buf_reset(&key);
		buf_printf(&key, "%s:%d:%d:%d:%s", h->path, h->line, h->col,
		    h->error, h->msg);
		/* each template place once; pulled-in markup only when its
		 * own page did not say the same */
		if (!(h->markup && strset_has(&c->said, h->msg)) &&
		    strset_add(&c->seen, buf_cstr(&key))) {
			print(h->path, h->line, h->col, h->error, h->msg,
			    h->where);
			errors += h->error;
		}
		free(h->path);
		free(h->msg);
		free(h->where);
	}
	c->nheld = 0;
	pthread_mutex_unlock(&c->seen_lock);
	buf_free(&key);
	return errors ? -1 : 0;
}

void
checker_free(struct checker *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->nheld; i++) {
		free(c->held[i].path);
		free(c->held[i].msg);
		free(c->held[i].where);
	}
	free(c->held);
	strset_free(&c->seen);
	strset_free(&c->said);
	tidy_workers_stop(c);
	pthread_mutex_destroy(&c->tidy_local);
	pthread_cond_destroy(&c->tw_idle);
	pthread_mutex_destroy(&c->tidy_lock);
	pthread_mutex_destroy(&c->seen_lock);
	free(c);
}

int
check_page(struct checker *c, const char *html, size_t len,
    const struct check_source *src)
{
	struct page pg;
	size_t i;
	int errors = 0;

	memset(&pg, 0, sizeof(pg));
	pg.checker = c;
	pg.html = html ? html : "";
	pg.len = html ? len : 0;
	pg.src = src;
	tokenize(&pg);
	hide_spans(&pg);
	index_keys(&pg);
	if (!c->opt.no_tidy) {
		run_tidy(c, &pg);
		hidden_ids(&pg);
	}
	if (!c->opt.no_rules) {
		rule_document(&pg);
		rule_guide_tiles(&pg);
		rule_headings(&pg);
		rule_images(&pg);
		rule_links(&pg);
		rule_nav(&pg);
		rule_tables(&pg);
		rule_forms(&pg);
	}
	if (src != NULL && src->nfindings != NULL)
		*src->nfindings = pg.nf;
	if (pg.nf > 1)
		qsort(pg.f, pg.nf, sizeof(*pg.f), finding_cmp);
	for (i = 0; i < pg.nf; i++) {
		pg.f[i].seq = i;	/* held findings keep the page's order */
		errors += pg.f[i].error;
		emit(&pg, &pg.f[i]);
		free(pg.f[i].msg);
	}
	free(pg.f);
	free(pg.el);
	free(pg.at);
	free(pg.it);
	free(pg.stack);
	free(pg.hide);
	free(pg.ids);
	free(pg.fors);
	return errors ? -1 : 0;
}
