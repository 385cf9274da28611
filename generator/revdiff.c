#include "revdiff.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Edit script over symbols                                            */

char *
revdiff_script(const unsigned *a, size_t na, const unsigned *b, size_t nb,
    size_t *n_ops)
{
	size_t pre = 0, suf = 0, n, m, i, j, k = 0;
	char *ops = xmalloc(na + nb + 1), *mid;
	uint16_t *t;

	while (pre < na && pre < nb && a[pre] == b[pre])
		pre++;
	while (suf < na - pre && suf < nb - pre &&
	    a[na - 1 - suf] == b[nb - 1 - suf])
		suf++;
	n = na - pre - suf;
	m = nb - pre - suf;
	memset(ops, '=', pre);
	k = pre;
	if (n == 0 || m == 0 || n > UINT16_MAX || m > UINT16_MAX ||
	    n * m > REVDIFF_MAX_CELLS) {
		memset(ops + k, '-', n);
		k += n;
		memset(ops + k, '+', m);
		k += m;
	} else {
		/* t[i][j]: LCS length of a[pre+i..] and b[pre+j..] */
		t = xcalloc((n + 1) * (m + 1), sizeof(*t));
#define T(i, j) t[(i) * (m + 1) + (j)]
		for (i = n; i-- > 0;)
			for (j = m; j-- > 0;)
				T(i, j) = a[pre + i] == b[pre + j] ?
				    (uint16_t)(T(i + 1, j + 1) + 1) :
				    (T(i + 1, j) >= T(i, j + 1) ? T(i + 1, j) :
				    T(i, j + 1));
		mid = ops + k;
		i = j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && a[pre + i] == b[pre + j]) {
				*mid++ = '=';
				i++, j++;
			} else if (j >= m || (i < n && T(i + 1, j) >= T(i, j + 1))) {
				*mid++ = '-';
				i++;
			} else {
				*mid++ = '+';
				j++;
			}
		}
#undef T
		free(t);
		k = (size_t)(mid - ops);
		/* within each changed run, deletions first, then insertions */
		for (i = pre; i < k;) {
			size_t s = i, dels = 0, ins = 0;

			while (i < k && ops[i] != '=') {
				if (ops[i] == '-')
					dels++;
				else
					ins++;
				i++;
			}
			memset(ops + s, '-', dels);
			memset(ops + s + dels, '+', ins);
			if (i == s)
				i++;
		}
	}
	memset(ops + k, '=', suf);
	k += suf;
	ops[k] = '\0';
	*n_ops = k;
	return ops;
}

/* ------------------------------------------------------------------ */
/* Blocks                                                              */

struct block {
	const char	*p;
	size_t		 len;
	unsigned	 id;	/* equal text, equal id */
};

struct blocks {
	struct block	*v;
	size_t		 n, cap;
};

static int
blank_line(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/* Lines separated by blank lines; also every table row and list item
 * is a block of its own, so a changed row shows as one change. */
static int
starts_item(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && i < 3 && p[i] == ' ')
		i++;
	if (i < n && p[i] == '|')
		return 1;
	if (i + 1 < n && (p[i] == '-' || p[i] == '*' || p[i] == '+') &&
	    p[i + 1] == ' ')
		return 1;
	while (i < n && p[i] >= '0' && p[i] <= '9')
		i++;
	return i > 0 && i + 1 < n && (p[i] == '.' || p[i] == ')') &&
	    p[i + 1] == ' ' && p[0] != ' ';
}

static void
split_blocks(const char *text, size_t len, struct blocks *out)
{
	size_t i = 0, start = 0;
	int open = 0, fence = 0;

	while (i <= len) {
		size_t e = i;

		while (e < len && text[e] != '\n')
			e++;
		int blank = blank_line(text + i, e - i);
		int fence_line = e - i >= 3 && (memcmp(text + i, "```", 3) == 0 ||
		    memcmp(text + i, "~~~", 3) == 0);
		int brk = !fence && open && (blank || (starts_item(text + i, e - i)));

		if (brk || (i >= len && open)) {
			size_t end = i;

			while (end > start && (text[end - 1] == '\n' || text[end - 1] == '\r'))
				end--;
			if (out->n == out->cap) {
				out->cap = out->cap ? out->cap * 2 : 32;
				out->v = xrealloc(out->v, out->cap * sizeof(*out->v));
			}
			out->v[out->n].p = text + start;
			out->v[out->n].len = end - start;
			out->v[out->n].id = 0;
			out->n++;
			open = 0;
		}
		if (i >= len)
			break;
		if (fence_line)
			fence = !fence;
		if (!open && (!blank || fence)) {
			open = 1;
			start = i;
		}
		i = e < len ? e + 1 : len;
	}
}

/* Give equal blocks equal ids (quadratic on blocks, which are few). */
static void
number_blocks(struct blocks *a, struct blocks *b)
{
	struct blocks *all[2] = { a, b };
	unsigned next = 1;
	size_t x, i, y, j;

	for (x = 0; x < 2; x++)
		for (i = 0; i < all[x]->n; i++) {
			struct block *k = &all[x]->v[i];

			if (k->id)
				continue;
			k->id = next++;
			for (y = x; y < 2; y++)
				for (j = y == x ? i + 1 : 0; j < all[y]->n; j++) {
					struct block *o = &all[y]->v[j];

					if (!o->id && o->len == k->len &&
					    memcmp(o->p, k->p, k->len) == 0)
						o->id = k->id;
				}
		}
}

/* ------------------------------------------------------------------ */
/* Characters                                                          */

static size_t
decode(const char *p, size_t n, unsigned *cp, size_t *off)
{
	size_t i = 0, k = 0;

	while (i < n) {
		unsigned char c = (unsigned char)p[i];
		size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
		unsigned v = c;
		size_t j;

		if (i + len > n || (c >= 0x80 && c < 0xC0))
			len = 1;
		for (j = 1; j < len; j++)
			v = (v << 8) | (unsigned char)p[i + j];
		off[k] = i;
		cp[k++] = v;
		i += len;
	}
	off[k] = n;
	return k;
}

static const char ins_open[] = "<ins><span class=\"visually-hidden\">新增：</span>";
static const char ins_close[] = "<span class=\"visually-hidden\">（新增結束）</span></ins>";
static const char del_open[] = "<del><span class=\"visually-hidden\">刪除：</span>";
static const char del_close[] = "<span class=\"visually-hidden\">（刪除結束）</span></del>";

/* Mark the changes between two blocks character by character into out,
 * and return their similarity in [0,1]: 2 * kept / (len a + len b), over
 * code points. One comparison serves both the decision and the marks. */
static double
char_diff(const struct block *x, const struct block *y, struct buf *out)
{
	unsigned *a = xmalloc((x->len + 1) * sizeof(*a));
	unsigned *b = xmalloc((y->len + 1) * sizeof(*b));
	size_t *ao = xmalloc((x->len + 1) * sizeof(*ao));
	size_t *bo = xmalloc((y->len + 1) * sizeof(*bo));
	size_t na = decode(x->p, x->len, a, ao), nb = decode(y->p, y->len, b, bo);
	size_t nops, k, i = 0, j = 0, kept = 0;
	char *ops = revdiff_script(a, na, b, nb, &nops);

	for (k = 0; k < nops; k++)
		kept += ops[k] == '=';
	for (k = 0; k < nops;) {
		char op = ops[k];
		size_t s = k, cnt;

		while (k < nops && ops[k] == op)
			k++;
		cnt = k - s;
		if (op == '=') {
			escape_html(out, x->p + ao[i], ao[i + cnt] - ao[i]);
			i += cnt, j += cnt;
		} else if (op == '-') {
			buf_puts(out, del_open);
			escape_html(out, x->p + ao[i], ao[i + cnt] - ao[i]);
			buf_puts(out, del_close);
			i += cnt;
		} else {
			buf_puts(out, ins_open);
			escape_html(out, y->p + bo[j], bo[j + cnt] - bo[j]);
			buf_puts(out, ins_close);
			j += cnt;
		}
	}
	free(ops);
	free(a);
	free(b);
	free(ao);
	free(bo);
	return na + nb ? 2.0 * (double)kept / (double)(na + nb) : 1.0;
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

static void
put_block(const struct revdiff_options *opt, const struct block *k,
    struct buf *out)
{
	/* a table row alone is not a table: show it as text */
	if (opt != NULL && opt->render != NULL && !(k->len && k->p[0] == '|')) {
		opt->render(opt->ctx, k->p, k->len, out);
		return;
	}
	buf_puts(out, "<p class=\"diff-text\">");
	escape_html(out, k->p, k->len);
	buf_puts(out, "</p>\n");
}

static void
put_marked(const struct revdiff_options *opt, const struct block *k,
    const char *cls, const char *open, const char *close, struct buf *out)
{
	buf_printf(out, "<div class=\"%s\">", cls);
	buf_puts(out, open);
	put_block(opt, k, out);
	buf_puts(out, close);
	buf_puts(out, "</div>\n");
}

void
revdiff_html(const char *old, size_t oldlen, const char *new, size_t newlen,
    const struct revdiff_options *opt, struct buf *out,
    struct revdiff_stats *st)
{
	struct blocks a = { NULL, 0, 0 }, b = { NULL, 0, 0 };
	struct revdiff_stats s = { 0, 0, 0, 0 };
	struct buf marked = BUF_INIT;
	unsigned *ia, *ib;
	size_t nops, k, i = 0, j = 0, x;
	char *ops, *show;
	int ctx = opt != NULL ? opt->context : -1;

	split_blocks(old, oldlen, &a);
	split_blocks(new, newlen, &b);
	number_blocks(&a, &b);
	ia = xmalloc((a.n + 1) * sizeof(*ia));
	ib = xmalloc((b.n + 1) * sizeof(*ib));
	for (k = 0; k < a.n; k++)
		ia[k] = a.v[k].id;
	for (k = 0; k < b.n; k++)
		ib[k] = b.v[k].id;
	ops = revdiff_script(ia, a.n, ib, b.n, &nops);

	/* which unchanged blocks to show: those within ctx of a change */
	show = xcalloc(nops + 1, 1);
	for (k = 0; k < nops; k++) {
		if (ops[k] == '=')
			continue;
		show[k] = 1;
		for (x = 1; ctx >= 0 && x <= (size_t)ctx; x++) {
			if (k >= x)
				show[k - x] = 1;
			if (k + x < nops)
				show[k + x] = 1;
		}
	}
	for (k = 0; k < nops;) {
		if (ops[k] == '=') {
			if (ctx < 0 || show[k])
				put_block(opt, &a.v[i], out);
			else if (k == 0 || show[k - 1] || ops[k - 1] != '=')
				buf_puts(out, "<p class=\"diff-skipped\">⋯（未變動的段落省略）</p>\n");
			s.same++;
			i++, j++, k++;
			continue;
		}
		/* a run of removals then additions: pair them in order */
		size_t dels = 0, adds = 0, p;
		while (k + dels < nops && ops[k + dels] == '-')
			dels++;
		while (k + dels + adds < nops && ops[k + dels + adds] == '+')
			adds++;
		for (p = 0; p < dels || p < adds; p++) {
			if (p < dels && p < adds) {
				buf_reset(&marked);
				if (char_diff(&a.v[i + p], &b.v[j + p], &marked) >= 0.4) {
					buf_puts(out, "<p class=\"diff-changed\">");
					buf_append(out, buf_cstr(&marked), marked.len);
					buf_puts(out, "</p>\n");
					s.changed++;
					continue;
				}
			}
			if (p < dels) {
				put_marked(opt, &a.v[i + p], "diff-removed", del_open,
				    del_close, out);
				s.removed++;
			}
			if (p < adds) {
				put_marked(opt, &b.v[j + p], "diff-added", ins_open,
				    ins_close, out);
				s.added++;
			}
		}
		i += dels;
		j += adds;
		k += dels + adds;
	}
	if (st != NULL)
		*st = s;
	buf_free(&marked);
	free(show);
	free(ops);
	free(ia);
	free(ib);
	free(a.v);
	free(b.v);
}
