#include "classify.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "service_vocab.h"
#include "site.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Names                                                               */

static const struct {
	const char	*key, *label, *meta, *about;
} schemes[NSCHEMES] = {
	{ "theme", "主題分類", "Category.Theme",
	  "依民眾關心的生活與社會主題整理資料，方便一般民眾依主題查找。" },
	{ "cake", "施政分類", "Category.Cake",
	  "依政府施政業務領域整理資料，供公務人員查詢及施政決策參考。" },
	{ "service", "服務分類", "Category.Service",
	  "依民眾一生中的生活事件（例如就醫、求職、退休）整理政府提供的服務。" },
};

const char *
classify_key(enum scheme s)
{
	return schemes[s].key;
}

const char *
classify_label(enum scheme s)
{
	return schemes[s].label;
}

const char *
classify_meta_name(enum scheme s)
{
	return schemes[s].meta;
}

const char *
classify_about(enum scheme s)
{
	return schemes[s].about;
}

/* ------------------------------------------------------------------ */
/* Vocabulary rows                                                     */

/* Codes become URL segments, so only URL-safe bytes. */
static int
code_valid(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > CLASSIFY_CODE_MAX)
		return 0;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9'))
			continue;
		if (i > 0 && (ch == '.' || ch == '_' || ch == '-'))
			continue;
		return 0;
	}
	return 1;
}

static struct vocab_entry *
add_entry(struct vocab *v, const char *code, const char *name,
    const char *parent, int line, int pcol)
{
	struct vocab_entry *e;

	v->e = xrealloc(v->e, (v->n + 1) * sizeof(*v->e));
	e = &v->e[v->n++];
	e->code = code;
	e->name = name;
	e->parent = parent;
	e->up = (size_t)-1;
	e->depth = 0;
	e->line = line;
	e->pcol = pcol;
	return e;
}

const struct vocab_entry *
classify_find(const struct vocab *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->e[i].code, code) == 0)
			return &v->e[i];
	return NULL;
}

static size_t
find_index(const struct vocab *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->n; i++)
		if (strcmp(v->e[i].code, code) == 0)
			return i;
	return (size_t)-1;
}

/* ------------------------------------------------------------------ */
/* Nearest codes                                                       */

static int
lower(int ch)
{
	return ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch;
}

/* Edit distance, ASCII case folded. b is a vocabulary code (at most
 * CLASSIFY_CODE_MAX bytes), so one short row suffices. */
static int
distance(const char *a, const char *b)
{
	int row[CLASSIFY_CODE_MAX + 1];
	size_t i, j, m = strlen(b);

	if (m > CLASSIFY_CODE_MAX)
		m = CLASSIFY_CODE_MAX;
	for (j = 0; j <= m; j++)
		row[j] = (int)j;
	for (i = 0; a[i] != '\0'; i++) {
		int diag = row[0], tmp;

		row[0] = (int)i + 1;
		for (j = 1; j <= m; j++) {
			int best = diag + (lower((unsigned char)a[i]) !=
			    lower((unsigned char)b[j - 1]));

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			diag = tmp;
		}
	}
	return row[m];
}

static int
shared_prefix(const char *a, const char *b)
{
	int n = 0;

	while (a[n] != '\0' && lower((unsigned char)a[n]) ==
	    lower((unsigned char)b[n]))
		n++;
	return n;
}

struct cand {
	const struct vocab_entry	*e;
	int				 dist, prefix;
};

static int
cmp_cand(const void *x, const void *y)
{
	const struct cand *a = x, *b = y;

	if (a->dist != b->dist)
		return a->dist < b->dist ? -1 : 1;
	if (a->prefix != b->prefix)
		return a->prefix > b->prefix ? -1 : 1;
	return strcmp(a->e->code, b->e->code);
}

size_t
classify_nearest(const struct vocab *v, const char *code,
    const struct vocab_entry **out, size_t max)
{
	struct cand *cs;
	size_t i, n;

	if (v->n == 0 || max == 0)
		return 0;
	cs = xmalloc(v->n * sizeof(*cs));
	for (i = 0; i < v->n; i++) {
		cs[i].e = &v->e[i];
		/* "i00" for I00, or the name written instead of the code */
		if (strcasecmp(v->e[i].code, code) == 0 ||
		    strcmp(v->e[i].name, code) == 0)
			cs[i].dist = -1;
		else
			cs[i].dist = distance(code, v->e[i].code);
		cs[i].prefix = shared_prefix(code, v->e[i].code);
	}
	xqsort(cs, v->n, sizeof(*cs), cmp_cand);
	/* a match but for case or a name wins alone; otherwise keep what
	 * is about as near as the best */
	for (n = 0; n < v->n && n < max; n++) {
		if (n > 0 && (cs[0].dist < 0 || cs[n].dist > cs[0].dist + 1))
			break;
		out[n] = cs[n].e;
	}
	free(cs);
	return n;
}

/* "610 司法與檢察、630 刑罰執行" into zh and "610, 630" into en. */
#define NEAREST_SHOWN	3
static void
nearest_text(const struct vocab *v, const char *code, struct buf *zh,
    struct buf *en)
{
	const struct vocab_entry *near[NEAREST_SHOWN];
	size_t i, n = classify_nearest(v, code, near, NEAREST_SHOWN);

	for (i = 0; i < n; i++) {
		buf_printf(zh, "%s%s %s", i ? "、" : "", near[i]->code,
		    near[i]->name);
		buf_printf(en, "%s%s", i ? ", " : "", near[i]->code);
	}
}

/* ------------------------------------------------------------------ */
/* Parsing a vocabulary file                                           */

/* Column (1-based, in characters) of byte offset off in line. */
static int
column(const char *line, size_t off)
{
	int col = 1;
	size_t i;

	for (i = 0; i < off; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* Offset of the first byte that is not valid UTF-8, or n. */
static size_t
utf8_bad(const unsigned char *s, size_t n)
{
	size_t i = 0, k, len;

	while (i < n) {
		unsigned c = s[i];
		unsigned min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			len = 2, min = 0x80;
		else if (c >= 0xE0 && c <= 0xEF)
			len = 3, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			len = 4, min = 0x10000;
		else
			return i;
		if (i + len > n)
			return i;
		unsigned cp = c & (0xFF >> (len + 1));
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += len;
	}
	return n;
}

struct field {
	const char	*p;
	size_t		 len;
	size_t		 off;	/* from the line start, after trimming */
};

static void
trim(struct field *f)
{
	while (f->len > 0 && (f->p[0] == ' ' || f->p[0] == '\v' ||
	    f->p[0] == '\f')) {
		f->p++;
		f->len--;
		f->off++;
	}
	while (f->len > 0 && (f->p[f->len - 1] == ' ' ||
	    f->p[f->len - 1] == '\v' || f->p[f->len - 1] == '\f'))
		f->len--;
}

struct parsectx {
	struct classify	*c;
	struct vocab	*v;
	const char	*path;
	int		 seen_row;	/* a non-comment row was read */
	int		 errors;
};

#define MAX_FIELDS	4
static void
parse_row(struct parsectx *x, int line, const char *s, size_t n)
{
	struct field f[MAX_FIELDS];
	size_t nf = 0, i, start = 0, bad;
	const char *code, *name, *parent;
	size_t old;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	if ((bad = utf8_bad((const unsigned char *)s, n)) < n) {
		diag_error(x->path, line, column(s, bad),
		    "不是有效的 UTF-8 文字，請以 UTF-8 儲存本檔 (invalid UTF-8)");
		x->errors++;
		return;
	}
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i == n || s[i] == '#')
		return;	/* blank or comment */
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != '\t')
			continue;
		if (nf < MAX_FIELDS) {
			f[nf].p = s + start;
			f[nf].len = i - start;
			f[nf].off = start;
			trim(&f[nf]);
		}
		nf++;
		start = i + 1;
	}
	/* stray Tabs after the third field do not make a fourth */
	if (nf > 3) {
		for (i = f[3].off; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
			;
		if (i == n)
			nf = 3;
	}
	if (!x->seen_row) {
		x->seen_row = 1;
		if (f[0].len == 4 && memcmp(f[0].p, "code", 4) == 0)
			return;	/* the header row */
	}
	if (nf < 2) {
		diag_error(x->path, line, 1,
		    "格式應為「代碼<Tab>名稱<Tab>上層代碼」，本行沒有 Tab 分隔"
		    "（是否用了空白？） (expected code<TAB>name<TAB>parent code)");
		x->errors++;
		return;
	}
	if (nf > 3) {
		diag_error(x->path, line, column(s, f[3].off),
		    "欄位過多：每行只有代碼、名稱、上層代碼三欄 (too many "
		    "fields)");
		x->errors++;
		return;
	}
	code = arena_strndup(&x->c->arena, f[0].p, f[0].len);
	name = arena_strndup(&x->c->arena, f[1].p, f[1].len);
	parent = nf > 2 ? arena_strndup(&x->c->arena, f[2].p, f[2].len) : "";
	if (!code_valid(code)) {
		diag_error(x->path, line, column(s, f[0].off),
		    "代碼「%s」無效：代碼由 1 到 %d 個英文字母、數字或 . _ - "
		    "組成，以字母或數字開頭 (invalid code)", code,
		    CLASSIFY_CODE_MAX);
		x->errors++;
		return;
	}
	if (name[0] == '\0') {
		diag_error(x->path, line, column(s, f[1].off),
		    "代碼 %s 缺少名稱 (missing name)", code);
		x->errors++;
		return;
	}
	if (parent[0] != '\0' && !code_valid(parent)) {
		diag_error(x->path, line, column(s, f[2].off),
		    "上層代碼「%s」無效 (invalid parent code)", parent);
		x->errors++;
		return;
	}
	old = find_index(x->v, code);
	if (old != (size_t)-1) {
		struct vocab_entry *e = &x->v->e[old];

		if (e->line > 0) {
			diag_error(x->path, line, column(s, f[0].off),
			    "代碼 %s 重複，第 %d 行已定義 (duplicate code; "
			    "first defined at line %d)", code, e->line, e->line);
			x->errors++;
			return;
		}
		/* a built-in code: the file may repeat it */
		if (strcmp(e->name, name) != 0)
			diag_warning(x->path, line, column(s, f[1].off),
			    "內建的%s代碼 %s 名稱為「%s」，本檔寫作「%s」，"
			    "採用本檔的名稱 (name differs from the built-in "
			    "one; using this file's)", classify_label(x->v->scheme),
			    code, e->name, name);
		e->name = name;
		e->parent = parent;
		e->line = line;
		e->pcol = nf > 2 ? column(s, f[2].off) : 1;
		return;
	}
	add_entry(x->v, code, name, parent, line,
	    nf > 2 ? column(s, f[2].off) : 1);
}

/* ------------------------------------------------------------------ */
/* Hierarchy and display order                                         */

struct order {
	const struct vocab	*v;
	size_t			*sorted;	/* indices by code */
	unsigned char		*seen;
	size_t			*out;
	size_t			 nout;
	int			*depth;
};

struct keyed {
	const char	*code;
	size_t		 i;
};

static int
cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->code,
	    ((const struct keyed *)b)->code);
}

/* Entry i, then its children in code order, depth first. */
static void
emit(struct order *o, size_t i, int depth)
{
	size_t k;

	o->seen[i] = 1;
	o->depth[i] = depth;
	o->out[o->nout++] = i;
	for (k = 0; k < o->v->n; k++) {
		size_t j = o->sorted[k];

		if (!o->seen[j] && o->v->e[j].up == i)
			emit(o, j, depth + 1);
	}
}

/* Resolve parents, report unknown ones and cycles, and sort v into
 * display order. Returns the number of errors. */
static int
finish(struct vocab *v)
{
	struct order o;
	struct vocab_entry *e;
	size_t i, k, *newidx;
	int errors = 0;

	if (v->n == 0)
		return 0;
	for (i = 0; i < v->n; i++) {
		e = &v->e[i];
		e->up = (size_t)-1;
		if (e->parent[0] == '\0')
			continue;
		if (strcmp(e->parent, e->code) == 0) {
			diag_error(v->path, e->line, e->pcol,
			    "代碼 %s 的上層代碼是自己 (code is its own parent)",
			    e->code);
			errors++;
			continue;
		}
		e->up = find_index(v, e->parent);
		if (e->up == (size_t)-1) {
			struct buf zh = BUF_INIT, en = BUF_INIT;

			nearest_text(v, e->parent, &zh, &en);
			diag_error(v->path, e->line, e->pcol,
			    "上層代碼「%s」不在本分類中；最接近的有效代碼：%s "
			    "(unknown parent code %s; nearest: %s)", e->parent,
			    buf_cstr(&zh), e->parent, buf_cstr(&en));
			buf_free(&zh);
			buf_free(&en);
			errors++;
		}
	}
	o.v = v;
	o.sorted = xmalloc(v->n * sizeof(*o.sorted));
	o.out = xmalloc(v->n * sizeof(*o.out));
	o.depth = xmalloc(v->n * sizeof(*o.depth));
	o.seen = xcalloc(v->n, 1);
	o.nout = 0;
	{
		struct keyed *ks = xmalloc(v->n * sizeof(*ks));

		for (i = 0; i < v->n; i++) {
			ks[i].code = v->e[i].code;
			ks[i].i = i;
		}
		xqsort(ks, v->n, sizeof(*ks), cmp_keyed);
		for (i = 0; i < v->n; i++)
			o.sorted[i] = ks[i].i;
		free(ks);
	}
	for (k = 0; k < v->n; k++)
		if (v->e[o.sorted[k]].up == (size_t)-1)
			emit(&o, o.sorted[k], 0);
	/* what the walk from the top did not reach hangs in a cycle */
	for (k = 0; k < v->n; k++) {
		i = o.sorted[k];
		if (o.seen[i])
			continue;
		diag_error(v->path, v->e[i].line, v->e[i].pcol,
		    "代碼 %s 的上層代碼形成循環 (parent codes form a cycle)",
		    v->e[i].code);
		errors++;
		v->e[i].up = (size_t)-1;
		emit(&o, i, 0);
	}
	/* rebuild in display order, with parent indices renumbered */
	newidx = xmalloc(v->n * sizeof(*newidx));
	for (k = 0; k < v->n; k++)
		newidx[o.out[k]] = k;
	e = xmalloc(v->n * sizeof(*e));
	for (k = 0; k < v->n; k++) {
		e[k] = v->e[o.out[k]];
		e[k].depth = o.depth[o.out[k]];
		if (e[k].up != (size_t)-1)
			e[k].up = newidx[e[k].up];
	}
	free(v->e);
	v->e = e;
	free(newidx);
	free(o.sorted);
	free(o.out);
	free(o.depth);
	free(o.seen);
	return errors;
}

void
classify_init(struct classify *c)
{
	size_t i;
	int s;

	memset(c, 0, sizeof(*c));
	for (s = 0; s < NSCHEMES; s++) {
		c->v[s].scheme = (enum scheme)s;
		c->v[s].path = arena_printf(&c->arena, "classification/%s.tsv",
		    schemes[s].key);
	}
	for (i = 0; i < NELEM(service_vocab); i++)
		add_entry(&c->v[SCHEME_SERVICE], service_vocab[i].code,
		    service_vocab[i].name, service_vocab[i].parent, 0, 0);
	finish(&c->v[SCHEME_SERVICE]);
}

int
classify_parse(struct classify *c, enum scheme s, const char *path,
    const char *text, size_t len)
{
	struct parsectx x;
	const char *p = text, *end = text + len;
	int line = 0;

	x.c = c;
	x.v = &c->v[s];
	x.path = arena_strdup(&c->arena, path);
	x.seen_row = 0;
	x.errors = 0;
	x.v->path = x.path;
	x.v->has_file = 1;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;	/* byte order mark, as Windows editors write it */
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		parse_row(&x, ++line, p, (size_t)(le - p));
		p = nl ? nl + 1 : end;
	}
	x.errors += finish(x.v);
	return x.errors ? -1 : 0;
}

int
classify_load(struct classify *c, const char *site_dir)
{
	int s, rc = 0;

	classify_init(c);
	for (s = 0; s < NSCHEMES; s++) {
		struct buf text = BUF_INIT;
		char *path;

		path = strcmp(site_dir, ".") == 0 ?
		    arena_printf(&c->arena, "classification/%s.tsv",
		    schemes[s].key) :
		    arena_printf(&c->arena, "%s/classification/%s.tsv",
		    site_dir, schemes[s].key);
		c->v[s].path = path;
		if (!fs_is_file(path))
			continue;
		if (fs_read_file(path, &text) < 0) {
			diag_error(path, 0, 0, "無法讀取分類詞彙表 (cannot read "
			    "vocabulary)");
			rc = -1;
		} else if (classify_parse(c, (enum scheme)s, path,
		    buf_cstr(&text), text.len) < 0) {
			rc = -1;
		}
		buf_free(&text);
	}
	return rc;
}

void
classify_free(struct classify *c)
{
	int s;

	for (s = 0; s < NSCHEMES; s++)
		free(c->v[s].e);
	arena_free(&c->arena);
	memset(c, 0, sizeof(*c));
}

/* ------------------------------------------------------------------ */
/* Checking pages                                                      */

int
classify_check_list(const struct classify *c, enum scheme s,
    const char *path, struct strlist *l)
{
	const struct vocab *v = &c->v[s];
	size_t i, j, k = 0;
	int errors = 0;

	for (i = 0; i < l->n; i++) {
		const char *code = l->v[i];
		struct srcpos pos = l->pos[i];

		for (j = 0; j < k; j++)
			if (strcmp(l->v[j], code) == 0)
				break;
		if (j < k) {
			diag_warning(path, pos.line, pos.col,
			    "%s代碼 %s 重複列出 (code listed twice)",
			    classify_label(s), code);
			continue;
		}
		l->v[k] = code;
		l->pos[k] = pos;
		k++;
		if (classify_find(v, code) != NULL)
			continue;
		errors++;
		if (v->n == 0 && !v->has_file) {
			diag_error(path, pos.line, pos.col,
			    "%s代碼「%s」無法驗證：網站沒有 %s 詞彙表，請依 "
			    "MyEGov 官方代碼表建立 (unknown %s code %s: there "
			    "is no %s)", classify_label(s), code, v->path,
			    schemes[s].key, code, v->path);
		} else if (v->n == 0) {
			diag_error(path, pos.line, pos.col,
			    "%s代碼「%s」不存在：%s 沒有任何代碼 (unknown %s "
			    "code %s: %s is empty)", classify_label(s), code,
			    v->path, schemes[s].key, code, v->path);
		} else {
			struct buf zh = BUF_INIT, en = BUF_INIT;

			nearest_text(v, code, &zh, &en);
			diag_error(path, pos.line, pos.col,
			    "%s沒有代碼「%s」；最接近的有效代碼：%s (unknown "
			    "%s code %s; nearest valid codes: %s)",
			    classify_label(s), code, buf_cstr(&zh),
			    schemes[s].key, code, buf_cstr(&en));
			buf_free(&zh);
			buf_free(&en);
		}
	}
	l->n = k;
	return errors;
}

int
classify_check_page(const struct classify *c, struct page *p)
{
	struct strlist *lists[NSCHEMES] = { &p->theme, &p->cake, &p->service };
	const struct srcpos *keypos[NSCHEMES] = { &p->theme_pos, &p->cake_pos,
	    &p->service_pos };
	struct buf zh = BUF_INIT, en = BUF_INIT;
	struct srcpos at = { 1, 1 };
	int s, errors = 0, found = 0;

	for (s = 0; s < NSCHEMES; s++)
		errors += classify_check_list(c, (enum scheme)s, p->path,
		    lists[s]);
	for (s = 0; s < NSCHEMES; s++) {
		if (lists[s]->n > 0)
			continue;
		buf_printf(&zh, "%s%s（%s）", zh.len ? "、" : "",
		    schemes[s].key, schemes[s].label);
		buf_printf(&en, "%s%s", en.len ? ", " : "", schemes[s].key);
		/* point at an empty `theme:` if there is one */
		if (!found && keypos[s]->line > 0) {
			at = *keypos[s];
			found = 1;
		}
	}
	if (zh.len > 0)
		diag_strict(p->path, at.line, at.col,
		    "缺少分類代碼 %s：每一頁都應標示主題、施政、服務三種分類 "
		    "(missing classification: %s)", buf_cstr(&zh), buf_cstr(&en));
	buf_free(&zh);
	buf_free(&en);
	return errors;
}
