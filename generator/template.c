/*
 * template: our own Mustache, compiled to a node tree once and rendered
 * against struct value.
 *
 * Whitespace model. A tag alone on its line (only spaces and tabs around
 * it) is "standalone": the line disappears from the output. Lines begin
 * with an indentation: empty at the top, the whitespace before a
 * standalone partial or parent tag inside it, and for blocks the
 * expansion site's indentation. The compiler marks each node that starts
 * a source line (`bol`); the renderer then owes the current indentation
 * to the output line and pays it before the first byte written on it,
 * unless that byte ends the line, so empty lines get no trailing blanks.
 *
 * Inheritance follows the spec's ~inheritance tests, whose rules were
 * worked out in mustache/spec #130 and #131:
 * - Text directly inside {{<parent}}...{{/parent}} is ignored, so what
 *   stands on the parent's side of a tag does not keep it from being
 *   standalone: {{$block}} there only needs its right side clear, its
 *   {{/block}} only its left side, {{/parent}} its right side (unless the
 *   opening tag shares its line and has text before it). A parent pair is
 *   standalone when its opening tag is clear on the left and its closing
 *   tag on the right, like "  {{<p}}{{/p}}".
 * - A block whose opening tag is standalone has an intrinsic indentation:
 *   that of the next non-blank line. It is stripped from each line of
 *   the block's content when compiling, and where a block is expanded its
 *   own intrinsic indentation is added back, whichever content (its
 *   default or an argument) fills it. A block that is not standalone but
 *   has only whitespace before it on its line ("  {{$b}}{{/b}}") indents
 *   the lines after the first of its content by that whitespace.
 * - Arguments from the outermost parent tag win; argument content renders
 *   in the data context of the expansion site.
 */
#include "template.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "escape.h"
#include "json.h"
#include "str.h"
#include "util.h"

/* Internal limits (TEMPLATE_MAX_DEPTH is in template.h). */
#define DELIM_MAX	16	/* bytes in a set delimiter; longer is a typo */

enum node_kind {
	NODE_TEXT,
	NODE_ESCAPED,		/* {{name}} */
	NODE_RAW,		/* {{{name}}}, {{&name}} */
	NODE_SECTION,		/* {{#name}} */
	NODE_INVERTED,		/* {{^name}} */
	NODE_PARTIAL,		/* {{>name}} */
	NODE_PARENT,		/* {{<name}}: kids are its block arguments */
	NODE_BLOCK		/* {{$name}} */
};

struct node {
	enum node_kind	 kind;
	unsigned	 bol : 1;	/* starts a source line: owe the indentation */
	unsigned	 standalone : 1; /* partial, parent, block */
	unsigned	 implicit : 1;	/* the name is "." */
	struct str	 text;		/* literal text, or the name (NUL-terminated) */
	struct str	*seg;		/* the name split at '.' */
	size_t		 nseg;
	struct str	 indent;	/* partial, parent: blanks before a standalone
					 * tag; block: indentation of its lines */
	struct node	*kids;
	size_t		 nkids;
	size_t		 off;		/* byte offset of the tag in the source */
};

struct template {
	char		*path;
	char		*src;
	size_t		 len;
	size_t		*lines;		/* offsets of line starts, for source maps */
	size_t		 nlines;
	struct arena	 arena;		/* nodes and names */
	struct node	*nodes;
	size_t		 nnodes;
};

/* ------------------------------------------------------------------ */
/* Compiling                                                           */

struct nvec {
	struct node	*v;
	size_t		 n, cap;
};

/* An open section, inverted section, parent or block (or the top). */
struct region {
	struct node	 node;		/* kind, name, off, bol, standalone, indent */
	struct nvec	 kids;
	char		*dent;		/* stripped from every line inside (owned) */
	size_t		 dentlen;
	/* parents: the opening tag's left side and line */
	int		 leftws;
	size_t		 wsnode;	/* 1 + index of the blank text before it */
	unsigned	 bol_standalone, bol_inline;
	size_t		 line;
};

struct parser {
	struct template	*t;
	const char	*src;
	size_t		 len;
	size_t		 pos;
	char		 otag[DELIM_MAX + 1], ctag[DELIM_MAX + 1];
	size_t		 olen, clen;
	size_t		 nexttag;	/* cached position of the next otag */
	int		 nexttag_ok;
	struct region	*reg;		/* reg[0] is the top level */
	size_t		 nreg, capreg;
	size_t		 line;		/* source lines begun so far */
	size_t		 lstart;	/* where this line's content begins */
	int		 at_bol;	/* pos is at the start of a line */
	int		 line_has_tag;
	int		 line_fresh;	/* no node made on this line yet */
	int		 suppress;	/* this line's start is owed by the caller */
	int		 suppress_next;
};

struct tag {
	char		 sigil;		/* 0 for {{name}} */
	const char	*name;
	size_t		 namelen;
	size_t		 start, end;	/* the whole tag, delimiters included */
};

static void
perr(struct parser *ps, size_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
perr(struct parser *ps, size_t off, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int line, col;

	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	diag_position(ps->src, off, &line, &col);
	diag_error(ps->t->path, line, col, "%s", buf_cstr(&b));
	buf_free(&b);
}

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* First occurrence of needle in src[from..len), or len. */
static size_t
find(const char *src, size_t from, size_t len, const char *needle, size_t n)
{
	const char *p;

	while (from + n <= len) {
		p = memchr(src + from, needle[0], len - from - n + 1);
		if (p == NULL)
			break;
		from = (size_t)(p - src);
		if (memcmp(p, needle, n) == 0)
			return from;
		from++;
	}
	return len;
}

static struct node *
nvec_push(struct nvec *nv)
{
	if (nv->n == nv->cap) {
		nv->cap = nv->cap ? nv->cap * 2 : 16;
		nv->v = xrealloc(nv->v, nv->cap * sizeof(*nv->v));
	}
	memset(&nv->v[nv->n], 0, sizeof(nv->v[0]));
	return &nv->v[nv->n++];
}

static struct region *
top(struct parser *ps)
{
	return &ps->reg[ps->nreg - 1];
}

static void
add_text(struct parser *ps, size_t from, size_t to)
{
	struct node *nd;

	if (to <= from)
		return;
	nd = nvec_push(&top(ps)->kids);
	nd->kind = NODE_TEXT;
	nd->text = str_make(ps->src + from, to - from);
	nd->bol = ps->line_fresh && !ps->suppress;
	nd->off = from;
	ps->line_fresh = 0;
}

/* Is src[from..to) only spaces and tabs? */
static int
all_blank(const char *src, size_t from, size_t to)
{
	for (; from < to; from++)
		if (!is_blank(src[from]))
			return 0;
	return 1;
}

/* Is the rest of the line after `at` blank? Then *after is past its line
 * end (or the end of the source) and *nl says whether there was one. */
static int
right_clear(struct parser *ps, size_t at, size_t *after, int *nl)
{
	while (at < ps->len && is_blank(ps->src[at]))
		at++;
	*nl = 1;
	if (at == ps->len) {
		*nl = 0;
		*after = at;
		return 1;
	}
	if (ps->src[at] == '\n') {
		*after = at + 1;
		return 1;
	}
	if (ps->src[at] == '\r' && at + 1 < ps->len && ps->src[at + 1] == '\n') {
		*after = at + 2;
		return 1;
	}
	*after = at;
	*nl = 0;
	return 0;
}

static void
begin_line(struct parser *ps)
{
	struct region *r = top(ps);
	size_t i;

	for (i = 0; i < r->dentlen && ps->pos < ps->len &&
	    ps->src[ps->pos] == r->dent[i]; i++)
		ps->pos++;
	ps->at_bol = 0;
	ps->lstart = ps->pos;
	ps->line++;
	ps->line_has_tag = 0;
	ps->line_fresh = 1;
	ps->suppress = ps->suppress_next;
	ps->suppress_next = 0;
}

/* A standalone tag took its line (up to `after`). */
static void
take_line(struct parser *ps, size_t after, int nl)
{
	ps->pos = after;
	ps->line_has_tag = 1;
	if (nl)
		ps->at_bol = 1;
}

/* A tag that stays on its line. */
static void
after_tag(struct parser *ps, const struct tag *tg)
{
	ps->pos = tg->end;
	ps->line_has_tag = 1;
	ps->line_fresh = 0;
}

static int
scan_tag(struct parser *ps, size_t tpos, struct tag *tg)
{
	char close[DELIM_MAX + 2];
	size_t p = tpos + ps->olen, clen = ps->clen, e, a, b;
	char sig = p < ps->len ? ps->src[p] : '\0';

	if (sig != '\0' && strchr("{&#^/!><$=", sig) != NULL)
		p++;
	else
		sig = 0;
	if (sig == '{' || sig == '=') {
		close[0] = sig == '{' ? '}' : '=';
		memcpy(close + 1, ps->ctag, ps->clen);
		clen++;
	} else {
		memcpy(close, ps->ctag, ps->clen);
	}
	e = find(ps->src, p, ps->len, close, clen);
	if (e == ps->len) {
		perr(ps, tpos, "標籤沒有結束 (unclosed tag): 找不到 '%.*s'",
		    (int)clen, close);
		return -1;
	}
	for (a = p; a < e && is_space(ps->src[a]); a++)
		;
	for (b = e; b > a && is_space(ps->src[b - 1]); b--)
		;
	tg->sigil = sig;
	tg->name = ps->src + a;
	tg->namelen = b - a;
	tg->start = tpos;
	tg->end = e + clen;
	if (sig == '!' || sig == '=')
		return 0;
	if (tg->namelen == 0) {
		perr(ps, tpos, "標籤沒有名稱 (empty tag name)");
		return -1;
	}
	for (a = 0; a < tg->namelen; a++)
		if (is_space(tg->name[a])) {
			perr(ps, tpos, "標籤名稱不可含空白 (tag name contains "
			    "whitespace): '%.*s'", (int)tg->namelen, tg->name);
			return -1;
		}
	return 0;
}

static int
set_delimiters(struct parser *ps, const struct tag *tg)
{
	const char *s = tg->name, *end = tg->name + tg->namelen;
	const char *o = s, *c;
	size_t ol, cl;

	while (s < end && !is_space(*s))
		s++;
	ol = (size_t)(s - o);
	while (s < end && is_space(*s))
		s++;
	c = s;
	while (s < end && !is_space(*s))
		s++;
	cl = (size_t)(s - c);
	if (ol == 0 || cl == 0 || s != end || ol > DELIM_MAX || cl > DELIM_MAX ||
	    memchr(o, '=', ol) != NULL || memchr(c, '=', cl) != NULL) {
		perr(ps, tg->start, "分隔符號設定不正確 (invalid set-delimiter "
		    "tag; expected two delimiters of 1 to %d characters "
		    "without spaces or '=')", DELIM_MAX);
		return -1;
	}
	memcpy(ps->otag, o, ol);
	ps->olen = ol;
	memcpy(ps->ctag, c, cl);
	ps->clen = cl;
	ps->nexttag_ok = 0;
	return 0;
}

/* Fill a tag node's name fields, copying the name into the arena. */
static void
set_name(struct parser *ps, struct node *nd, const struct tag *tg)
{
	struct arena *a = &ps->t->arena;
	const char *name = arena_strndup(a, tg->name, tg->namelen);
	size_t i, k, n = 1;

	nd->text = str_make(name, tg->namelen);
	nd->off = tg->start;
	if (tg->namelen == 1 && name[0] == '.') {
		nd->implicit = 1;
		return;
	}
	for (i = 0; i < tg->namelen; i++)
		if (name[i] == '.')
			n++;
	nd->seg = arena_alloc(a, n * sizeof(*nd->seg));
	nd->nseg = n;
	for (i = k = 0, n = 0; i <= tg->namelen; i++)
		if (i == tg->namelen || name[i] == '.') {
			nd->seg[n++] = str_make(name + k, i - k);
			k = i + 1;
		}
}

static int
push_region(struct parser *ps, enum node_kind kind, const struct tag *tg,
    size_t dentextra_at, size_t dentextra)
{
	struct region *outer, *r;

	if (ps->nreg > TEMPLATE_MAX_DEPTH) {
		perr(ps, tg->start, "樣板巢狀超過 %d 層 (sections nested "
		    "deeper than %d)", TEMPLATE_MAX_DEPTH, TEMPLATE_MAX_DEPTH);
		return -1;
	}
	if (ps->nreg == ps->capreg) {
		ps->capreg *= 2;
		ps->reg = xrealloc(ps->reg, ps->capreg * sizeof(*ps->reg));
	}
	outer = &ps->reg[ps->nreg - 1];
	r = &ps->reg[ps->nreg++];
	memset(r, 0, sizeof(*r));
	r->node.kind = kind;
	set_name(ps, &r->node, tg);
	r->dentlen = outer->dentlen + dentextra;
	if (r->dentlen) {
		r->dent = xmalloc(r->dentlen);
		if (outer->dentlen)
			memcpy(r->dent, outer->dent, outer->dentlen);
		memcpy(r->dent + outer->dentlen, ps->src + dentextra_at, dentextra);
	}
	r->line = ps->line;
	return 0;
}

/* The intrinsic indentation of a block whose standalone opening tag ends
 * at `from`: the blanks of the next non-blank line, less what the
 * enclosing region strips. Sets *at and returns the length. */
static size_t
intrinsic_indent(struct parser *ps, size_t from, size_t *at)
{
	const struct region *r = top(ps);
	size_t q = from, w, k;
	const char *nl;

	while (q < ps->len) {
		for (w = q; w < ps->len && is_blank(ps->src[w]); w++)
			;
		if (w < ps->len && ps->src[w] != '\n' &&
		    !(ps->src[w] == '\r' && w + 1 < ps->len &&
		    ps->src[w + 1] == '\n')) {
			for (k = 0; k < r->dentlen && q + k < w &&
			    ps->src[q + k] == r->dent[k]; k++)
				;
			*at = q + k;
			return w - q - k;
		}
		nl = memchr(ps->src + w, '\n', ps->len - w);
		if (nl == NULL)
			break;
		q = (size_t)(nl - ps->src) + 1;
	}
	*at = from;
	return 0;
}

static void
free_region(struct region *r)
{
	free(r->kids.v);
	free(r->dent);
}

static struct node *
copy_nodes(struct parser *ps, const struct node *v, size_t n)
{
	struct node *copy;

	if (n == 0)
		return NULL;
	copy = arena_alloc(&ps->t->arena, n * sizeof(*copy));
	memcpy(copy, v, n * sizeof(*copy));
	return copy;
}

static const char *
sigil_of(enum node_kind k)
{
	switch (k) {
	case NODE_SECTION: return "#";
	case NODE_INVERTED: return "^";
	case NODE_PARENT: return "<";
	case NODE_BLOCK: return "$";
	default: return "";
	}
}

static int
close_region(struct parser *ps, const struct tag *tg, int leftws, int rightws,
    size_t after, int nl)
{
	struct region *r = top(ps), *outer;
	struct node *nd;
	enum node_kind kind = r->node.kind;
	size_t i, n;
	int sa, line, col, inparent;

	if (ps->nreg == 1) {
		perr(ps, tg->start, "多餘的結束標籤 (closing tag without an "
		    "opening tag): {{/%.*s}}", (int)tg->namelen, tg->name);
		return -1;
	}
	if (!str_eq(str_make(tg->name, tg->namelen), r->node.text.p)) {
		diag_position(ps->src, r->node.off, &line, &col);
		perr(ps, tg->start, "結束標籤 {{/%.*s}} 與第 %d 行第 %d 欄的 "
		    "{{%s%s}} 不符 (mismatched closing tag)", (int)tg->namelen,
		    tg->name, line, col, sigil_of(r->node.kind), r->node.text.p);
		return -1;
	}
	outer = &ps->reg[ps->nreg - 2];
	inparent = outer->node.kind == NODE_PARENT;
	if (kind == NODE_PARENT)
		sa = rightws && (r->line != ps->line || r->leftws);
	else if (kind == NODE_BLOCK && inparent)
		sa = leftws;	/* its right side is the parent's, ignored */
	else
		sa = leftws && rightws;

	if (!sa || kind == NODE_PARENT)
		add_text(ps, ps->pos, tg->start);
	/* A closing tag that starts its line owes the line's indentation
	 * inside the section, where the spec's source view puts it. */
	if (!sa && kind != NODE_PARENT && ps->line_fresh &&
	    !ps->suppress) {
		nd = nvec_push(&r->kids);
		nd->kind = NODE_TEXT;
		nd->bol = 1;
		nd->off = tg->start;
	}

	nd = &r->node;
	if (nd->kind == NODE_PARENT) {
		/* only the block arguments matter */
		for (i = n = 0; i < r->kids.n; i++)
			if (r->kids.v[i].kind == NODE_BLOCK)
				r->kids.v[n++] = r->kids.v[i];
		r->kids.n = n;
		if (r->leftws && sa) {
			if (r->wsnode)
				outer->kids.v[r->wsnode - 1].text.len = 0;
			nd->standalone = 1;
			nd->bol = r->bol_standalone;
		} else {
			nd->indent = str_make(NULL, 0);
			nd->bol = r->bol_inline;
		}
	}
	nd->kids = copy_nodes(ps, r->kids.v, r->kids.n);
	nd->nkids = r->kids.n;
	*nvec_push(&outer->kids) = *nd;
	free_region(r);
	ps->nreg--;

	if (sa && !(kind == NODE_BLOCK && inparent))
		take_line(ps, after, nl);
	else
		after_tag(ps, tg);
	return 0;
}

static int
handle_tag(struct parser *ps, size_t tpos)
{
	struct tag tg;
	struct region *r;
	struct node *nd;
	size_t after, dat = 0, dlen = 0;
	int leftws, rightws, nl, sa, inparent;

	if (scan_tag(ps, tpos, &tg) < 0)
		return -1;
	/* pos is the line's start until a tag has been seen on it */
	leftws = !ps->line_has_tag && all_blank(ps->src, ps->pos, tpos);
	rightws = right_clear(ps, tg.end, &after, &nl);
	sa = leftws && rightws;

	switch (tg.sigil) {
	case 0:
	case '{':
	case '&':
		add_text(ps, ps->pos, tpos);
		nd = nvec_push(&top(ps)->kids);
		nd->kind = tg.sigil ? NODE_RAW : NODE_ESCAPED;
		set_name(ps, nd, &tg);
		nd->bol = ps->line_fresh && !ps->suppress;
		after_tag(ps, &tg);
		return 0;
	case '!':
	case '=':
		if (tg.sigil == '=' && set_delimiters(ps, &tg) < 0)
			return -1;
		if (sa) {
			take_line(ps, after, nl);
		} else {
			add_text(ps, ps->pos, tpos);
			/* transparent: the next node still starts the line */
			ps->pos = tg.end;
			ps->line_has_tag = 1;
		}
		return 0;
	case '#':
	case '^':
		if (!sa)
			add_text(ps, ps->pos, tpos);
		if (push_region(ps, tg.sigil == '#' ? NODE_SECTION :
		    NODE_INVERTED, &tg, 0, 0) < 0)
			return -1;
		top(ps)->node.bol = !sa && ps->line_fresh && !ps->suppress;
		if (sa)
			take_line(ps, after, nl);
		else
			after_tag(ps, &tg);
		return 0;
	case '>':
		if (!sa)
			add_text(ps, ps->pos, tpos);
		nd = nvec_push(&top(ps)->kids);
		nd->kind = NODE_PARTIAL;
		set_name(ps, nd, &tg);
		nd->bol = ps->line_fresh && !ps->suppress;
		if (sa) {
			nd->standalone = 1;
			nd->indent = str_make(ps->src + ps->pos, tpos - ps->pos);
			take_line(ps, after, nl);
		} else {
			after_tag(ps, &tg);
		}
		return 0;
	case '<': {
		unsigned bol_sa = ps->line_fresh && !ps->suppress;
		size_t ws = 0;
		struct str indent = str_make(NULL, 0);

		if (leftws) {
			indent = str_make(ps->src + ps->pos, tpos - ps->pos);
			if (tpos > ps->pos) {
				add_text(ps, ps->pos, tpos);
				ws = top(ps)->kids.n;
			}
		} else {
			add_text(ps, ps->pos, tpos);
		}
		if (push_region(ps, NODE_PARENT, &tg, 0, 0) < 0)
			return -1;
		r = top(ps);
		r->leftws = leftws;
		r->wsnode = ws;
		r->node.indent = indent;
		r->bol_standalone = bol_sa;
		r->bol_inline = ps->line_fresh && !ps->suppress;
		after_tag(ps, &tg);
		return 0;
	}
	case '$': {
		struct str indent = str_make(NULL, 0);
		unsigned bol;

		inparent = top(ps)->node.kind == NODE_PARENT;
		sa = (inparent || leftws) && rightws;
		if (!sa)
			add_text(ps, ps->pos, tpos);
		if (sa) {
			dlen = intrinsic_indent(ps, after, &dat);
			indent = str_make(ps->src + dat, dlen);
			bol = !ps->suppress;
		} else {
			if (leftws && !inparent)
				indent = str_make(ps->src + ps->pos, tpos - ps->pos);
			bol = ps->line_fresh && !ps->suppress;
		}
		if (push_region(ps, NODE_BLOCK, &tg, dat, dlen) < 0)
			return -1;
		r = top(ps);
		r->node.standalone = sa && !inparent;
		r->node.indent = indent;
		r->node.bol = bol;
		if (sa) {
			take_line(ps, after, nl);
			ps->suppress_next = 1;
		} else {
			after_tag(ps, &tg);
		}
		return 0;
	}
	case '/':
		return close_region(ps, &tg, leftws, rightws, after, nl);
	}
	return 0;
}

static int
parse(struct parser *ps)
{
	size_t tpos, stop;
	const char *nl;

	ps->at_bol = 1;
	ps->suppress_next = 1;
	while (ps->pos < ps->len) {
		if (ps->at_bol)
			begin_line(ps);
		if (!ps->nexttag_ok || ps->nexttag < ps->pos) {
			ps->nexttag = find(ps->src, ps->pos, ps->len, ps->otag,
			    ps->olen);
			ps->nexttag_ok = 1;
		}
		tpos = ps->nexttag;
		stop = tpos < ps->len ? tpos : ps->len;
		nl = memchr(ps->src + ps->pos, '\n', stop - ps->pos);
		if (nl != NULL) {
			stop = (size_t)(nl - ps->src) + 1;
			add_text(ps, ps->pos, stop);
			ps->pos = stop;
			ps->at_bol = 1;
			continue;
		}
		if (tpos >= ps->len) {
			add_text(ps, ps->pos, ps->len);
			ps->pos = ps->len;
			break;
		}
		if (handle_tag(ps, tpos) < 0)
			return -1;
	}
	if (ps->nreg > 1) {
		const struct region *r = top(ps);

		perr(ps, r->node.off, "區段 {{%s%s}} 沒有結束標籤 (unclosed "
		    "section; expected {{/%s}})", sigil_of(r->node.kind),
		    r->node.text.p, r->node.text.p);
		return -1;
	}
	return 0;
}

/* Line starts, so a source map finds a node's line by bisection. */
static void
index_lines(struct template *t)
{
	size_t i, cap = 16;

	t->lines = xmalloc(cap * sizeof(*t->lines));
	t->lines[0] = 0;
	t->nlines = 1;
	for (i = 0; i < t->len; i++) {
		if (t->src[i] != '\n')
			continue;
		if (t->nlines == cap) {
			cap *= 2;
			t->lines = xrealloc(t->lines, cap * sizeof(*t->lines));
		}
		t->lines[t->nlines++] = i + 1;
	}
}

struct template *
template_compile(const char *path, const char *src, size_t len)
{
	struct template *t = xcalloc(1, sizeof(*t));
	struct parser ps;
	size_t i;
	int rc;

	t->path = xstrdup(path ? path : "<template>");
	t->src = xmalloc(len + 1);
	if (len)
		memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->len = len;

	memset(&ps, 0, sizeof(ps));
	ps.t = t;
	ps.src = t->src;
	ps.len = len;
	memcpy(ps.otag, "{{", 2);
	memcpy(ps.ctag, "}}", 2);
	ps.olen = ps.clen = 2;
	ps.capreg = 8;
	ps.reg = xcalloc(ps.capreg, sizeof(*ps.reg));
	ps.nreg = 1;

	rc = parse(&ps);
	if (rc == 0) {
		t->nodes = copy_nodes(&ps, ps.reg[0].kids.v, ps.reg[0].kids.n);
		t->nnodes = ps.reg[0].kids.n;
		index_lines(t);
	}
	for (i = 0; i < ps.nreg; i++)
		free_region(&ps.reg[i]);
	free(ps.reg);
	if (rc < 0) {
		template_free(t);
		return NULL;
	}
	return t;
}

/* Read a whole file, NUL-terminated; NULL with errno set. */
static char *
read_file(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *f;
	int err;

	if ((f = fopen(path, "rb")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	if (ferror(f)) {
		err = errno ? errno : EIO;
		fclose(f);
		buf_free(&b);
		errno = err;
		return NULL;
	}
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

struct template *
template_compile_file(const char *path)
{
	struct template *t;
	size_t len;
	char *src;

	if ((src = read_file(path, &len)) == NULL) {
		diag_error(path, 0, 0, "無法讀取樣板 (cannot read template): %s",
		    strerror(errno));
		return NULL;
	}
	t = template_compile(path, src, len);
	free(src);
	return t;
}

void
template_free(struct template *t)
{
	if (t == NULL)
		return;
	arena_free(&t->arena);
	free(t->lines);
	free(t->src);
	free(t->path);
	free(t);
}

/* ------------------------------------------------------------------ */
/* Rendering                                                           */

/* The context stack, innermost first, on the C stack. */
struct ctx {
	const struct value	*v;
	const struct ctx	*up;
};

/* Parent tags being expanded, innermost first: their block arguments. */
struct scope {
	const struct node	*parent;
	const struct template	*t;	/* where parent was compiled */
	const struct scope	*up;
};

/* Partials compiled for one render when the loader has only `source`. */
struct memo {
	char		*name;
	struct template	*t;		/* NULL: missing or failed */
	int		 failed;
};

struct render {
	struct buf			*out;
	const struct template_loader	*loader;
	const char	*ind;		/* indentation of the lines rendered now */
	size_t		 indlen;
	const char	*pend;		/* indentation owed to the output line */
	size_t		 pendlen;
	int		 pending;
	int		 depth;
	struct memo	*memo;
	size_t		 nmemo;
	struct template_srcmap *map;	/* NULL unless template_render_mapped */
};

/* Where the output stood when a partial or block began. */
struct mark {
	const char	*pend;
	size_t		 pendlen;
	int		 pending;
	size_t		 outlen;
};

static void
mark(const struct render *r, struct mark *m)
{
	m->pend = r->pend;
	m->pendlen = r->pendlen;
	m->pending = r->pending;
	m->outlen = r->out->len;
}

/* Nothing written since the mark: the line still owes what it owed then
 * (the inner indentation is about to be freed). Otherwise the inner line
 * was paid for or was empty. */
static void
unwind(struct render *r, const struct mark *m)
{
	if (r->out->len == m->outlen) {
		r->pend = m->pend;
		r->pendlen = m->pendlen;
		r->pending = m->pending;
	} else {
		r->pending = 0;
	}
}

static void
pay(struct render *r, char first)
{
	if (!r->pending)
		return;
	r->pending = 0;
	if (first != '\n' && first != '\r')
		buf_append(r->out, r->pend, r->pendlen);
}

/* Source map: output from here on comes from t at src offset off. */
static void
map_add(struct render *r, const struct template *t, size_t off,
    const char *value, int markup, int foreign)
{
	struct template_srcmap *m = r->map;
	struct template_srcpos *e;
	size_t lo = 0, hi = t->nlines, mid, i;
	int col = 1;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (t->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	for (i = t->lines[lo]; i < off && i < t->len; i++)
		if (((unsigned char)t->src[i] & 0xC0) != 0x80)
			col++;
	/* an entry that covers nothing gives way */
	if (m->n > 0 && m->v[m->n - 1].off == r->out->len)
		m->n--;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 64;
		m->v = xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	e = &m->v[m->n++];
	e->off = r->out->len;
	e->path = t->path;
	e->line = (int)lo + 1;
	e->col = col;
	e->value = value;
	e->interp = value != NULL;
	e->markup = markup;
	e->foreign = foreign;
}

static void
out_text(struct render *r, const struct template *t, const char *p,
    size_t n)
{
	const char *nl;
	size_t k;

	if (n == 0)
		return;
	pay(r, p[0]);
	if (r->map == NULL || p < t->src || p >= t->src + t->len) {
		buf_append(r->out, p, n);
		return;
	}
	/* an entry per source line */
	while (n > 0) {
		map_add(r, t, (size_t)(p - t->src), NULL, 0, 0);
		nl = memchr(p, '\n', n);
		k = nl ? (size_t)(nl - p) + 1 : n;
		buf_append(r->out, p, k);
		p += k;
		n -= k;
	}
}

static void
out_value(struct render *r, const struct template *t, const struct node *nd,
    const struct value *v, int escape)
{
	char num[JSON_NUMBER_MAX];
	const char *p;
	size_t n;

	if (v == NULL)
		return;
	switch (v->kind) {
	case VALUE_BOOL:
		p = v->boolean ? "true" : "false";
		n = strlen(p);
		break;
	case VALUE_NUMBER:
		p = json_format_number(v->number, num, sizeof(num));
		n = strlen(p);
		break;
	case VALUE_STRING:
		p = v->str;
		n = v->len;
		break;
	default:
		return;
	}
	if (n == 0)
		return;
	pay(r, p[0]);
	if (r->map != NULL)
		map_add(r, t, nd->off, p, !escape && memchr(p, '<', n) != NULL,
		    v->kind == VALUE_STRING && v->foreign);
	if (escape)
		escape_html(r->out, p, n);
	else
		buf_append(r->out, p, n);
	if (r->map != NULL)
		r->map->v[r->map->n - 1].len = r->out->len -
		    r->map->v[r->map->n - 1].off;
}

static const struct value *
child(const struct value *v, struct str key)
{
	size_t i, idx = 0;

	if (v == NULL || key.len == 0)
		return NULL;
	if (v->kind == VALUE_MAP)
		return value_map_getn(v, key.p, key.len);
	if (v->kind != VALUE_LIST || key.len > 9)
		return NULL;
	for (i = 0; i < key.len; i++) {
		if (key.p[i] < '0' || key.p[i] > '9')
			return NULL;
		idx = idx * 10 + (size_t)(key.p[i] - '0');
	}
	return idx < v->len ? v->items[idx] : NULL;
}

static const struct value *
lookup(const struct ctx *c, const struct node *nd)
{
	const struct value *v = NULL;
	size_t i;

	if (nd->implicit)
		return c ? c->v : NULL;
	for (; c != NULL; c = c->up)
		if ((v = child(c->v, nd->seg[0])) != NULL)
			break;
	for (i = 1; i < nd->nseg && v != NULL; i++)
		v = child(v, nd->seg[i]);
	return v;
}

static int
enter(struct render *r, const struct template *t, const struct node *nd)
{
	int line, col;

	if (r->depth >= TEMPLATE_MAX_DEPTH) {
		diag_position(t->src, nd->off, &line, &col);
		diag_error(t->path, line, col, "樣板巢狀超過 %d 層，部分樣板是否"
		    "包含自己？(templates nested deeper than %d; does a partial "
		    "include itself?) {{%s%s}}", TEMPLATE_MAX_DEPTH,
		    TEMPLATE_MAX_DEPTH, nd->kind == NODE_PARTIAL ? ">" :
		    sigil_of(nd->kind), nd->text.p);
		return -1;
	}
	r->depth++;
	return 0;
}

static int render_nodes(struct render *, const struct template *,
    const struct node *, size_t, const struct ctx *, const struct scope *);

static int
render_section(struct render *r, const struct template *t,
    const struct node *nd, const struct ctx *c, const struct scope *s)
{
	const struct value *v = lookup(c, nd);
	struct ctx sub;
	size_t i;
	int rc = 0;

	if (nd->kind == NODE_INVERTED) {
		if (value_truthy(v))
			return 0;
		if (enter(r, t, nd) < 0)
			return -1;
		rc = render_nodes(r, t, nd->kids, nd->nkids, c, s);
		r->depth--;
		return rc;
	}
	if (!value_truthy(v))
		return 0;
	if (enter(r, t, nd) < 0)
		return -1;
	sub.up = c;
	if (v->kind == VALUE_LIST) {
		for (i = 0; i < v->len && rc == 0; i++) {
			sub.v = v->items[i];
			rc = render_nodes(r, t, nd->kids, nd->nkids, &sub, s);
		}
	} else {
		sub.v = v;
		rc = render_nodes(r, t, nd->kids, nd->nkids, &sub, s);
	}
	r->depth--;
	return rc;
}

/* The compiled partial `name`: NULL when there is none; *failed when it
 * does not compile. */
static const struct template *
partial(struct render *r, const char *name, int *failed)
{
	const struct template_loader *l = r->loader;
	const char *src, *path = NULL;
	struct memo *m;
	size_t i, len = 0;

	*failed = 0;
	if (l == NULL)
		return NULL;
	if (l->compiled != NULL)
		return l->compiled(l->ctx, name, failed);
	if (l->source == NULL)
		return NULL;
	for (i = 0; i < r->nmemo; i++)
		if (strcmp(r->memo[i].name, name) == 0) {
			*failed = r->memo[i].failed;
			return r->memo[i].t;
		}
	r->memo = xrealloc(r->memo, (r->nmemo + 1) * sizeof(*r->memo));
	m = &r->memo[r->nmemo++];
	m->name = xstrdup(name);
	m->t = NULL;
	m->failed = 0;
	if ((src = l->source(l->ctx, name, &len, &path)) != NULL) {
		m->t = template_compile(path ? path : name, src, len);
		m->failed = m->t == NULL;
	}
	*failed = m->failed;
	return m->t;
}

/* Render kids of template t with the indentation extended by `indent` (or
 * reset when `reset`); a standalone tag moves any indentation still owed
 * to the new one. */
static int
render_indented(struct render *r, const struct template *t,
    const struct node *kids, size_t nkids, const struct ctx *c,
    const struct scope *s, struct str indent, int reset, int standalone)
{
	const char *oind = r->ind;
	size_t oindlen = r->indlen;
	struct buf ind = BUF_INIT;
	struct mark m;
	int rc;

	mark(r, &m);
	if (reset) {
		r->ind = "";
		r->indlen = 0;
	} else if (indent.len > 0) {
		buf_append(&ind, r->ind, r->indlen);
		buf_append(&ind, indent.p, indent.len);
		r->ind = ind.data;
		r->indlen = ind.len;
	}
	if (standalone && r->pending) {
		r->pend = r->ind;
		r->pendlen = r->indlen;
	}
	rc = render_nodes(r, t, kids, nkids, c, s);
	unwind(r, &m);
	r->ind = oind;
	r->indlen = oindlen;
	buf_free(&ind);
	return rc;
}

static int
render_partial(struct render *r, const struct template *t,
    const struct node *nd, const struct ctx *c, const struct scope *s)
{
	const struct template *pt;
	struct scope sub;
	int failed, rc;

	if (enter(r, t, nd) < 0)
		return -1;
	pt = partial(r, nd->text.p, &failed);
	if (failed || pt == NULL) {
		r->depth--;
		return failed ? -1 : 0;
	}
	if (nd->kind == NODE_PARENT) {
		sub.parent = nd;
		sub.t = t;
		sub.up = s;
		s = &sub;
	}
	rc = render_indented(r, pt, pt->nodes, pt->nnodes, c, s, nd->indent,
	    !nd->standalone, nd->standalone);
	r->depth--;
	return rc;
}

static int
render_block(struct render *r, const struct template *t,
    const struct node *nd, const struct ctx *c, const struct scope *s)
{
	const struct node *body = nd;
	const struct template *bt = t;
	const struct scope *sc;
	size_t i;
	int rc;

	/* the outermost argument wins */
	for (sc = s; sc != NULL; sc = sc->up)
		for (i = 0; i < sc->parent->nkids; i++)
			if (strcmp(sc->parent->kids[i].text.p, nd->text.p) == 0) {
				body = &sc->parent->kids[i];
				bt = sc->t;
				break;
			}
	if (enter(r, t, nd) < 0)
		return -1;
	rc = render_indented(r, bt, body->kids, body->nkids, c, s, nd->indent,
	    0, nd->standalone);
	r->depth--;
	return rc;
}

static int
render_nodes(struct render *r, const struct template *t,
    const struct node *nodes, size_t n, const struct ctx *c,
    const struct scope *s)
{
	const struct node *nd;
	size_t i;

	for (i = 0; i < n; i++) {
		nd = &nodes[i];
		if (nd->bol) {
			r->pending = 1;
			r->pend = r->ind;
			r->pendlen = r->indlen;
		}
		switch (nd->kind) {
		case NODE_TEXT:
			out_text(r, t, nd->text.p, nd->text.len);
			break;
		case NODE_ESCAPED:
		case NODE_RAW:
			out_value(r, t, nd, lookup(c, nd),
			    nd->kind == NODE_ESCAPED);
			break;
		case NODE_SECTION:
		case NODE_INVERTED:
			if (render_section(r, t, nd, c, s) < 0)
				return -1;
			break;
		case NODE_PARTIAL:
		case NODE_PARENT:
			if (render_partial(r, t, nd, c, s) < 0)
				return -1;
			break;
		case NODE_BLOCK:
			if (render_block(r, t, nd, c, s) < 0)
				return -1;
			break;
		}
	}
	return 0;
}

int
template_render(const struct template *t, const struct value *ctx,
    const struct template_loader *partials, struct buf *out)
{
	return template_render_mapped(t, ctx, partials, out, NULL);
}

int
template_render_mapped(const struct template *t, const struct value *ctx,
    const struct template_loader *partials, struct buf *out,
    struct template_srcmap *map)
{
	struct render r;
	struct ctx root = { ctx, NULL };
	size_t i;
	int rc;

	memset(&r, 0, sizeof(r));
	r.map = map;
	r.out = out;
	r.loader = partials;
	r.ind = r.pend = "";
	r.pending = 1;		/* the output starts a line */
	rc = render_nodes(&r, t, t->nodes, t->nnodes, ctx ? &root : NULL, NULL);
	for (i = 0; i < r.nmemo; i++) {
		free(r.memo[i].name);
		template_free(r.memo[i].t);
	}
	free(r.memo);
	return rc;
}

const struct template_srcpos *
template_srcmap_find(const struct template_srcmap *m, size_t off)
{
	size_t i;

	if (m == NULL)
		return NULL;
	i = last_at_or_before(m->v, m->n, sizeof(*m->v),
	    offsetof(struct template_srcpos, off), off);
	return i < m->n ? &m->v[i] : NULL;
}

void
template_srcmap_free(struct template_srcmap *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}

/* ------------------------------------------------------------------ */
/* Directory loader                                                    */

struct dir_entry {
	char		*name;
	char		*path;
	char		*src;		/* NULL when missing or unreadable */
	size_t		 len;
	struct template	*t;
	int		 failed;
};

struct dir_loader {
	struct template_loader	 base;	/* first: the public handle */
	char			*dir;
	pthread_mutex_t		 lock;
	struct dir_entry	**v;	/* pointers: entries never move */
	size_t			 n, cap;
};

static int
valid_name(const char *name)
{
	const char *p = name;
	size_t n;

	if (*name == '\0' || *name == '/')
		return 0;
	while (*p != '\0') {
		n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return 0;
		p += n;
		if (*p == '/')
			p++;
	}
	return 1;
}

/* The entry for name, read and compiled on first use. Call locked. */
static struct dir_entry *
dir_entry(struct dir_loader *dl, const char *name)
{
	struct dir_entry *e;
	size_t i;

	for (i = 0; i < dl->n; i++)
		if (strcmp(dl->v[i]->name, name) == 0)
			return dl->v[i];
	if (dl->n == dl->cap) {
		dl->cap = dl->cap ? dl->cap * 2 : 16;
		dl->v = xrealloc(dl->v, dl->cap * sizeof(*dl->v));
	}
	e = xcalloc(1, sizeof(*e));
	dl->v[dl->n++] = e;
	e->name = xstrdup(name);
	if (!valid_name(name)) {
		diag_warning(dl->dir, 0, 0, "部分樣板名稱不合法，視為空白 "
		    "(invalid partial name, rendered as empty): '%s'", name);
		return e;
	}
	e->path = xmalloc(strlen(dl->dir) + strlen(name) + 11);
	sprintf(e->path, "%s/%s.mustache", dl->dir, name);
	if ((e->src = read_file(e->path, &e->len)) == NULL) {
		if (errno == ENOENT) {
			diag_warning(e->path, 0, 0, "找不到部分樣板，視為空白 "
			    "(partial not found, rendered as empty)");
		} else {
			diag_error(e->path, 0, 0, "無法讀取部分樣板 (cannot read "
			    "partial): %s", strerror(errno));
			e->failed = 1;
		}
		return e;
	}
	if ((e->t = template_compile(e->path, e->src, e->len)) == NULL)
		e->failed = 1;
	return e;
}

static const char *
dir_source(void *ctx, const char *name, size_t *len, const char **path_out)
{
	struct dir_loader *dl = ctx;
	struct dir_entry *e;

	pthread_mutex_lock(&dl->lock);
	e = dir_entry(dl, name);
	pthread_mutex_unlock(&dl->lock);
	*len = e->len;
	*path_out = e->path;
	return e->src;
}

static const struct template *
dir_compiled(void *ctx, const char *name, int *failed)
{
	struct dir_loader *dl = ctx;
	struct dir_entry *e;

	pthread_mutex_lock(&dl->lock);
	e = dir_entry(dl, name);
	pthread_mutex_unlock(&dl->lock);
	*failed = e->failed;
	return e->t;
}

struct template_loader *
template_dir_loader_new(const char *dir)
{
	struct dir_loader *dl = xcalloc(1, sizeof(*dl));

	dl->dir = xstrdup(dir);
	pthread_mutex_init(&dl->lock, NULL);
	dl->base.source = dir_source;
	dl->base.compiled = dir_compiled;
	dl->base.ctx = dl;
	return &dl->base;
}

void
template_dir_loader_free(struct template_loader *l)
{
	struct dir_loader *dl = (struct dir_loader *)l;
	size_t i;

	if (dl == NULL)
		return;
	for (i = 0; i < dl->n; i++) {
		free(dl->v[i]->name);
		free(dl->v[i]->path);
		free(dl->v[i]->src);
		template_free(dl->v[i]->t);
		free(dl->v[i]);
	}
	free(dl->v);
	pthread_mutex_destroy(&dl->lock);
	free(dl->dir);
	free(dl);
}
