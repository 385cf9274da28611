/*
 * kinds: front matter of plans, quarterly reports, FAQ, SOPs and news
 * (issue 6), and the checks between them.
 */
#include "kinds.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "sanitize.h"
#include "fs.h"
#include "util.h"
#include "yamltree.h"

/* ------------------------------------------------------------------ */
/* Which keys belong to which kind                                     */

static const char *const plan_keys[] = { "year", "items", NULL };
static const char *const report_keys[] = { "plan", "year", "quarter",
	"items", NULL };
static const char *const faq_keys[] = { "category", "related", NULL };
static const char *const sop_keys[] = { "time_limit", "documents", "fee",
	"window", "query_url", "steps", NULL };
static const char *const news_keys[] = { "category", NULL };

static const struct {
	enum page_kind		 kind;
	const char		*label;	/* for messages */
	const char *const	*keys;
} kind_keys[] = {
	{ KIND_PLAN, "執行計畫 (plan)", plan_keys },
	{ KIND_REPORT, "執行成果報告 (report)", report_keys },
	{ KIND_FAQ, "常見問題 (faq)", faq_keys },
	{ KIND_SOP, "標準作業程序 (sop)", sop_keys },
	{ KIND_NEWS, "最新消息 (news)", news_keys },
};

static int
in_list(const char *const *l, const char *key)
{
	for (; *l != NULL; l++)
		if (strcmp(*l, key) == 0)
			return 1;
	return 0;
}

int
kinds_known_key(const struct page *p, const struct ynode *key)
{
	struct buf owners = BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(kind_keys); i++) {
		if (!in_list(kind_keys[i].keys, key->text))
			continue;
		if (kind_keys[i].kind == p->kind && p->type == PAGE_REGULAR) {
			buf_free(&owners);
			return 1;
		}
		buf_printf(&owners, "%s%s", owners.len ? "、" : "",
		    kind_keys[i].label);
	}
	if (owners.len == 0)
		diag_warning(p->path, key->line, key->col,
		    "未知的前置資料欄位「%s」，將被忽略 (unknown front matter key)",
		    key->text);
	else if (p->type != PAGE_REGULAR)
		diag_warning(p->path, key->line, key->col,
		    "「%s」只用於%s的單篇頁面，不用於單元首頁，將被忽略 (key "
		    "for pages of that kind, not section indexes)", key->text,
		    buf_cstr(&owners));
	else
		diag_warning(p->path, key->line, key->col,
		    "「%s」只用於%s，本頁的類型是 %s，將被忽略 (key of another "
		    "kind)", key->text, buf_cstr(&owners),
		    page_kind_name(p->kind));
	buf_free(&owners);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Reading values                                                      */

struct kctx {
	struct arena	*a;
	struct page	*p;
	int		 errors;
};

static void
type_error(struct kctx *c, const struct ynode *n, const char *key,
    const char *want)
{
	diag_error(c->p->path, n->line, n->col,
	    "「%s」應為%s，而不是%s (wrong type for %s)", key, want,
	    ynode_kind_name(n), key);
	c->errors++;
}

/* A text member; NULL when absent (or after a type error). */
static const char *
str_of(struct kctx *c, const struct ynode *map, const char *key)
{
	const struct ynode *n = ynode_get(map, key);

	if (n == NULL)
		return NULL;
	if (n->kind != YNODE_SCALAR) {
		type_error(c, n, key, "文字 (string)");
		return NULL;
	}
	return arena_strdup(c->a, n->text);
}

static const char *
str_or_empty(struct kctx *c, const struct ynode *map, const char *key)
{
	const char *s = str_of(c, map, key);

	return s ? s : "";
}

static void
list_of(struct kctx *c, const struct ynode *map, const char *key,
    struct strlist *out)
{
	const struct ynode *n = ynode_get(map, key), *bad;

	if (n == NULL)
		return;
	if (ynode_strlist(c->a, n, out, &bad) < 0)
		type_error(c, bad, key, bad == n ? "清單 (list)" :
		    "文字 (string)");
}

/* A ROC year: 1-999 (a Gregorian year is a mistake worth naming). */
static int
roc_year_of(struct kctx *c, const struct ynode *map, int *out,
    struct srcpos *pos)
{
	const struct ynode *n = ynode_get(map, "year");
	long y;

	if (n == NULL)
		return 0;
	if (pos != NULL) {
		pos->line = n->line;
		pos->col = n->col;
	}
	if (ynode_int(n, &y) < 0) {
		type_error(c, n, "year", "民國年的整數，例如 104 (ROC year)");
		return -1;
	}
	if (y >= 1912) {
		diag_error(c->p->path, n->line, n->col,
		    "year 請寫民國年：%ld 年應寫成 %ld (year is an ROC year: "
		    "%ld, not %ld)", y, y - 1911, y - 1911, y);
		c->errors++;
		return -1;
	}
	if (y < 1) {
		diag_error(c->p->path, n->line, n->col,
		    "year 應為民國年，例如 104 (year must be a positive ROC "
		    "year)");
		c->errors++;
		return -1;
	}
	*out = (int)y;
	return 0;
}

/* A plain number: 1200, 85.5, -3. Commas and units are not numbers. */
static int
number_of(const char *s, double *out)
{
	char *end;
	double d;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(d) || end == s)
		return -1;
	*out = d;
	return 0;
}

static int
days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

/* "104-06", "104/06", "104年6月" (ROC year-month) -> the month's last day. */
static int
roc_month_parse(const char *s, struct date *out)
{
	char *end;
	long y, m;

	errno = 0;
	y = strtol(s, &end, 10);
	if (errno != 0 || end == s || y < 1 || y > 999)
		return -1;
	if (*end == '-' || *end == '/')
		end++;
	else if (strncmp(end, "年", strlen("年")) == 0)
		end += strlen("年");
	else
		return -1;
	s = end;
	m = strtol(s, &end, 10);
	if (end == s || m < 1 || m > 12)
		return -1;
	if (strcmp(end, "月") == 0 || strcmp(end, "月底") == 0)
		end += strlen(end);
	if (*end != '\0')
		return -1;
	out->year = (int)y + 1911;
	out->month = (int)m;
	out->day = days_in_month(out->year, out->month);
	return 0;
}

static void
due_of(struct kctx *c, const struct ynode *map, struct due *out)
{
	const struct ynode *n = ynode_get(map, "due");

	if (n == NULL)
		return;
	if (n->kind != YNODE_SCALAR) {
		type_error(c, n, "due", "日期 (date)");
		return;
	}
	if (date_parse(n->text, &out->date) == 0)
		return;
	if (roc_month_parse(n->text, &out->date) == 0) {
		out->month_only = 1;
		return;
	}
	memset(&out->date, 0, sizeof(out->date));
	diag_error(c->p->path, n->line, n->col,
	    "完成期限 due「%s」無法辨識：請寫日期 2015-06-30，或民國年月 "
	    "104-06（該月底） (due is a date or an ROC year-month)", n->text);
	c->errors++;
}

/* Warn about the keys of an item that nothing reads. */
static void
check_item_keys(struct kctx *c, const struct ynode *map,
    const char *const *known, const char *what)
{
	size_t i;

	for (i = 0; i < map->len; i++) {
		const struct ynode *k = map->pairs[i].key;

		if (!in_list(known, k->text))
			diag_warning(c->p->path, k->line, k->col,
			    "%s的項目沒有「%s」欄位，將被忽略 (unknown key in "
			    "an item)", what, k->text);
	}
}

/* A required text member of an item. */
static const char *
need_str(struct kctx *c, const struct ynode *map, const char *key,
    const char *name)
{
	const struct ynode *n = ynode_get(map, key);

	if (n == NULL) {
		diag_error(c->p->path, map->line, map->col,
		    "項目缺少 %s（%s） (item needs %s)", key, name, key);
		c->errors++;
		return "";
	}
	return str_or_empty(c, map, key);
}

/* ------------------------------------------------------------------ */
/* plan                                                                */

static const char *const plan_item_keys[] = { "id", "area", "strategy",
	"owner", "due", "indicator", "target", "unit", "benefit", NULL };

static void
parse_plan_item(struct kctx *c, const struct ynode *m, struct plan_item *it)
{
	const struct ynode *t;

	it->pos.line = m->line;
	it->pos.col = m->col;
	check_item_keys(c, m, plan_item_keys, "執行計畫");
	it->id = need_str(c, m, "id", "編號");
	it->area = need_str(c, m, "area", "實施要項");
	it->strategy = need_str(c, m, "strategy", "推動策略及方法");
	it->owner = need_str(c, m, "owner", "承辦單位");
	due_of(c, m, &it->due);
	it->indicator = str_or_empty(c, m, "indicator");
	it->unit = str_or_empty(c, m, "unit");
	it->benefit = str_or_empty(c, m, "benefit");
	if ((t = ynode_get(m, "target")) != NULL) {
		if (t->kind != YNODE_SCALAR ||
		    number_of(t->text, &it->target) < 0) {
			diag_error(c->p->path, t->line, t->col,
			    "量化指標的目標值 target 應為數字，例如 1200（單位寫在 "
			    "unit） (target must be a number)");
			c->errors++;
		} else {
			it->has_target = 1;
		}
	}
}

static void
parse_plan(struct kctx *c, const struct ynode *root, struct plan_data *pl)
{
	const struct ynode *items;
	size_t i, k;

	roc_year_of(c, root, &pl->year, NULL);
	if ((items = ynode_get(root, "items")) == NULL)
		return;
	pl->has_items = 1;
	if (items->kind != YNODE_SEQ) {
		type_error(c, items, "items", "清單 (list)");
		return;
	}
	pl->items = arena_alloc(c->a, (items->len + 1) * sizeof(*pl->items));
	for (i = 0; i < items->len; i++) {
		const struct ynode *m = items->items[i];

		if (m->kind != YNODE_MAP) {
			type_error(c, m, "items", "對應表 (mapping: id, area, "
			    "strategy, owner, …)");
			continue;
		}
		parse_plan_item(c, m, &pl->items[pl->nitems]);
		for (k = 0; k < pl->nitems; k++)
			if (pl->items[pl->nitems].id[0] != '\0' &&
			    strcmp(pl->items[k].id, pl->items[pl->nitems].id) == 0) {
				diag_error(c->p->path, m->line, m->col,
				    "項目編號「%s」重複，已用於第 %d 行 (duplicate "
				    "item id)", pl->items[k].id,
				    pl->items[k].pos.line);
				c->errors++;
			}
		pl->nitems++;
	}
	if (pl->year != 0 && c->p->coverage_min.year == 0) {
		c->p->coverage_min = (struct date){ pl->year + 1911, 1, 1 };
		c->p->coverage_max = (struct date){ pl->year + 1911, 12, 31 };
	}
}

/* ------------------------------------------------------------------ */
/* report                                                              */

static const struct {
	enum item_status st;
	const char	*label;
	const char	*key;
} statuses[] = {
	{ STATUS_NONE, "未填報", "none" },
	{ STATUS_NOT_STARTED, "未開始", "not_started" },
	{ STATUS_IN_PROGRESS, "進行中", "in_progress" },
	{ STATUS_DONE, "完成", "done" },
	{ STATUS_BEHIND, "落後", "behind" },
};

const char *
kinds_status_label(enum item_status st)
{
	return statuses[st].label;
}

const char *
kinds_status_key(enum item_status st)
{
	return statuses[st].key;
}

static const char *const report_item_keys[] = { "id", "status", "achieved",
	"narrative", NULL };

static void
parse_report_item(struct kctx *c, const struct ynode *m,
    struct report_item *it)
{
	const struct ynode *n;
	size_t k;

	it->pos.line = m->line;
	it->pos.col = m->col;
	check_item_keys(c, m, report_item_keys, "執行成果報告");
	it->id = need_str(c, m, "id", "計畫項目編號");
	it->achieved = str_or_empty(c, m, "achieved");
	it->narrative = str_or_empty(c, m, "narrative");
	it->has_num = number_of(it->achieved, &it->achieved_num) == 0;
	if ((n = ynode_get(m, "status")) == NULL) {
		diag_error(c->p->path, m->line, m->col, "項目缺少 status（未開始、"
		    "進行中、完成或落後） (item needs status)");
		c->errors++;
		return;
	}
	for (k = 1; n->kind == YNODE_SCALAR && k < NELEM(statuses); k++)
		if (strcmp(n->text, statuses[k].label) == 0 ||
		    strcmp(n->text, statuses[k].key) == 0) {
			it->status = statuses[k].st;
			return;
		}
	diag_error(c->p->path, n->line, n->col, "執行狀態「%s」無法辨識，可用 "
	    "未開始、進行中、完成、落後 (status must be not_started, "
	    "in_progress, done or behind)", n->kind == YNODE_SCALAR ? n->text :
	    "");
	c->errors++;
}

static void
parse_report(struct kctx *c, const struct ynode *root, struct report_data *r)
{
	const struct ynode *n, *items;
	size_t i, k;
	long q;

	if ((n = ynode_get(root, "plan")) != NULL) {
		r->plan_pos.line = n->line;
		r->plan_pos.col = n->col;
		r->plan_ref = str_of(c, root, "plan");
	}
	if ((n = ynode_get(root, "year")) != NULL)
		roc_year_of(c, root, &r->year, NULL);
	if ((n = ynode_get(root, "quarter")) != NULL) {
		r->quarter_pos.line = n->line;
		r->quarter_pos.col = n->col;
		if (ynode_int(n, &q) < 0 || q < 1 || q > 4) {
			diag_error(c->p->path, n->line, n->col, "quarter 應為 1 到 "
			    "4 的季別 (quarter must be 1, 2, 3 or 4)");
			c->errors++;
		} else {
			r->quarter = (int)q;
		}
	}
	if (n == NULL && (r->plan_ref != NULL || r->year != 0)) {
		diag_error(c->p->path, 1, 1, "執行成果報告缺少季別 quarter（1–4） "
		    "(report needs quarter)");
		c->errors++;
	}
	if (r->plan_ref == NULL && r->quarter != 0) {
		diag_error(c->p->path, r->quarter_pos.line, r->quarter_pos.col,
		    "執行成果報告缺少 plan：請寫所依據之執行計畫的檔案，例如 "
		    "plans/execution-plan-104.md (report needs plan)");
		c->errors++;
	}
	if (r->plan_ref == NULL && r->quarter == 0 && r->year == 0 &&
	    ynode_get(root, "quarter") == NULL)
		diag_warning(c->p->path, 1, 1, "執行成果報告沒有 plan、year、"
		    "quarter，不列入按季提報的檢核 (report without plan and "
		    "quarter: not counted as a quarterly report)");
	if ((items = ynode_get(root, "items")) == NULL)
		return;
	if (items->kind != YNODE_SEQ) {
		type_error(c, items, "items", "清單 (list)");
		return;
	}
	r->items = arena_alloc(c->a, (items->len + 1) * sizeof(*r->items));
	for (i = 0; i < items->len; i++) {
		const struct ynode *m = items->items[i];

		if (m->kind != YNODE_MAP) {
			type_error(c, m, "items", "對應表 (mapping: id, status, "
			    "achieved, narrative)");
			continue;
		}
		parse_report_item(c, m, &r->items[r->nitems]);
		for (k = 0; k < r->nitems; k++)
			if (r->items[r->nitems].id[0] != '\0' &&
			    strcmp(r->items[k].id, r->items[r->nitems].id) == 0) {
				diag_error(c->p->path, m->line, m->col,
				    "項目「%s」重複填報，已見於第 %d 行 (item "
				    "reported twice)", r->items[k].id,
				    r->items[k].pos.line);
				c->errors++;
			}
		r->nitems++;
	}
}

/* ------------------------------------------------------------------ */
/* faq, sop, news                                                      */

static int
is_url(const char *s)
{
	return strncmp(s, "https://", 8) == 0 || strncmp(s, "http://", 7) == 0;
}

static void
parse_faq(struct kctx *c, const struct ynode *root, struct faq_data *f)
{
	const struct ynode *rel;
	size_t i;

	f->category = str_or_empty(c, root, "category");
	if (ynode_get(root, "category") == NULL)
		diag_warning(c->p->path, 1, 1, "常見問題沒有分類 category，將列在"
		    "「其他」 (FAQ entry without category)");
	if ((rel = ynode_get(root, "related")) == NULL)
		return;
	if (rel->kind == YNODE_SCALAR && rel->text[0] == '\0')
		return;
	if (rel->kind != YNODE_SEQ) {
		type_error(c, rel, "related", "清單 (list)");
		return;
	}
	f->related = arena_alloc(c->a, (rel->len + 1) * sizeof(*f->related));
	for (i = 0; i < rel->len; i++) {
		const struct ynode *it = rel->items[i];
		struct related_link *l = &f->related[f->nrelated];

		l->pos.line = it->line;
		l->pos.col = it->col;
		if (it->kind == YNODE_SCALAR) {
			l->ref = arena_strdup(c->a, it->text);
		} else if (it->kind == YNODE_MAP) {
			static const char *const known[] = { "title", "url",
			    NULL };

			check_item_keys(c, it, known, "related");
			l->title = str_of(c, it, "title");
			l->ref = need_str(c, it, "url", "連結");
		} else {
			type_error(c, it, "related", "檔案路徑、網址，或 {title, "
			    "url} (a path, a URL or {title, url})");
			continue;
		}
		if (l->ref[0] == '\0')
			continue;
		if (!sanitize_url_ok(l->ref, strlen(l->ref), 0)) {
			diag_error(c->p->path, it->line, it->col, "相關連結使用不安"
			    "全的協定（javascript:、vbscript:、data: 等） (unsafe "
			    "URL scheme in related)");
			c->errors++;
			continue;
		}
		if (is_url(l->ref) && l->title == NULL) {
			diag_error(c->p->path, it->line, it->col, "外部連結需要標題："
			    "請寫成 {title: 標題, url: %s} (an external link "
			    "needs a title)", l->ref);
			c->errors++;
			continue;
		}
		f->nrelated++;
	}
}

/* ------------------------------------------------------------------ */
/* SOP steps from the body: the ordered list under 作業流程             */

/* Headings that introduce the steps. 辦理流程 is the older name many
 * agencies use for the same section. */
static const char *const steps_headings[] = { "作業流程", "辦理流程", NULL };

static const char *
skip_ws(const char *s, const char *e)
{
	while (s < e && (*s == ' ' || *s == '\t'))
		s++;
	return s;
}

/* An ATX heading whose text is one of steps_headings. */
static int
is_steps_heading(const char *s, const char *e)
{
	const char *t;
	size_t i, n;

	s = skip_ws(s, e);
	for (n = 0; s + n < e && s[n] == '#'; n++)
		;
	if (n == 0 || n > 6 || s + n >= e || (s[n] != ' ' && s[n] != '\t'))
		return 0;
	s = skip_ws(s + n, e);
	t = e;
	while (t > s && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r' ||
	    t[-1] == '#'))
		t--;
	for (i = 0; steps_headings[i] != NULL; i++)
		if ((size_t)(t - s) == strlen(steps_headings[i]) &&
		    memcmp(s, steps_headings[i], (size_t)(t - s)) == 0)
			return 1;
	return 0;
}

static int
is_heading(const char *s, const char *e)
{
	s = skip_ws(s, e);
	return s < e && *s == '#';
}

/* "1. text" or "1) text": the offset of text, else 0. */
static size_t
ordered_marker(const char *s, const char *e)
{
	const char *p = skip_ws(s, e);
	size_t d = 0;

	if (p - s > 3)
		return 0;
	while (p + d < e && d < 9 && p[d] >= '0' && p[d] <= '9')
		d++;
	if (d == 0 || p + d >= e || (p[d] != '.' && p[d] != ')'))
		return 0;
	if (p + d + 1 < e && p[d + 1] != ' ' && p[d + 1] != '\t')
		return 0;
	return (size_t)(skip_ws(p + d + 1, e) - s);
}

/* Markdown inline syntax to plain text: emphasis marks, code spans,
 * links and images keep their text; backslash escapes are undone. */
static void
plain_inline(struct buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		char ch = s[i];

		if (ch == '\\' && i + 1 < n) {
			buf_putc(out, s[i + 1]);
			i += 2;
		} else if (ch == '*' || ch == '_' || ch == '`') {
			i++;
		} else if (ch == '!' && i + 1 < n && s[i + 1] == '[') {
			i++;
		} else if (ch == '[') {
			i++;
		} else if (ch == ']' && i + 1 < n && s[i + 1] == '(') {
			/* skip the destination */
			size_t depth = 0;

			for (i += 1; i < n; i++) {
				if (s[i] == '(')
					depth++;
				else if (s[i] == ')' && --depth == 0)
					break;
			}
			i++;
		} else if (ch == ']') {
			i++;
		} else if (ch == '<' && i + 1 < n && (s[i + 1] == 'h' ||
		    s[i + 1] == '/')) {
			/* an autolink or tag: keep the text between tags */
			const char *gt = memchr(s + i, '>', n - i);

			if (gt == NULL) {
				buf_putc(out, ch);
				i++;
			} else {
				if (s[i + 1] == 'h')
					buf_append(out, s + i + 1,
					    (size_t)(gt - (s + i + 1)));
				i = (size_t)(gt - s) + 1;
			}
		} else {
			buf_putc(out, ch);
			i++;
		}
	}
}

static void
push_step(struct kctx *c, struct strlist *l, size_t *cap, struct buf *raw)
{
	struct buf t = BUF_INIT;
	size_t n = raw->len;

	while (n > 0 && (raw->data[n - 1] == ' ' || raw->data[n - 1] == '\r'))
		n--;
	plain_inline(&t, buf_cstr(raw), n);
	if (l->n == *cap) {
		const char **v = l->v;

		*cap = *cap ? *cap * 2 : 8;
		l->v = arena_alloc(c->a, *cap * sizeof(*l->v));
		if (v != NULL)
			memcpy(l->v, v, l->n * sizeof(*l->v));
	}
	l->v[l->n++] = arena_strndup(c->a, buf_cstr(&t), t.len);
	buf_free(&t);
	buf_reset(raw);
}

/* The items of the first ordered list after a 作業流程 heading, up to the
 * next heading. Continuation lines join their item. */
static void
steps_from_body(struct kctx *c, struct sop_data *sop)
{
	const char *s = c->p->body, *end = s + c->p->body_len, *e;
	struct buf raw = BUF_INIT;
	size_t cap = 0, off;
	int found = 0, in_list = 0, blank = 0, fence = 0;

	for (; s < end; s = e + (e < end)) {
		e = memchr(s, '\n', (size_t)(end - s));
		if (e == NULL)
			e = end;
		const char *t = skip_ws(s, e);
		if (e - t >= 3 && (memcmp(t, "```", 3) == 0 ||
		    memcmp(t, "~~~", 3) == 0)) {
			fence = !fence;
			if (in_list)
				break;
			continue;
		}
		if (fence)
			continue;
		if (!found) {
			found = is_steps_heading(s, e);
			continue;
		}
		if (is_heading(s, e))
			break;
		if (t == e || (e - t == 1 && *t == '\r')) {
			blank = 1;
			continue;
		}
		if ((off = ordered_marker(s, e)) > 0) {
			if (raw.len > 0)
				push_step(c, &sop->steps, &cap, &raw);
			buf_append(&raw, s + off, (size_t)(e - s - off));
			in_list = 1;
			blank = 0;
			continue;
		}
		if (!in_list)
			continue;	/* an introduction before the list */
		if (blank && t == s)
			break;		/* a paragraph after the list */
		/* continuation or nested content of the current item */
		buf_append(&raw, t, (size_t)(e - t));
		blank = 0;
	}
	if (raw.len > 0)
		push_step(c, &sop->steps, &cap, &raw);
	buf_free(&raw);
	sop->steps_from_body = sop->steps.n > 0;
}

static void
parse_sop(struct kctx *c, const struct ynode *root, struct sop_data *sop)
{
	const struct ynode *q;

	sop->time_limit = str_or_empty(c, root, "time_limit");
	sop->fee = str_or_empty(c, root, "fee");
	sop->window = str_or_empty(c, root, "window");
	sop->query_url = str_or_empty(c, root, "query_url");
	list_of(c, root, "documents", &sop->documents);
	list_of(c, root, "steps", &sop->steps);
	if ((q = ynode_get(root, "query_url")) != NULL &&
	    q->kind == YNODE_SCALAR && sop->query_url[0] != '\0' &&
	    !is_url(sop->query_url) && sop->query_url[0] != '/') {
		diag_error(c->p->path, q->line, q->col, "案件進度查詢 query_url "
		    "應為 https:// 開頭的網址，或本網站 / 開頭的路徑 (query_url "
		    "must be an http(s) URL or a site path)");
		c->errors++;
		sop->query_url = "";
	}
	if (sop->steps.n == 0)
		steps_from_body(c, sop);
	if (sop->steps.n == 0)
		diag_warning(c->p->path, 1, 1, "標準作業程序沒有作業流程：請在內文"
		    "「## 作業流程」下以編號清單列出步驟，或在前置資料寫 steps "
		    "(SOP without steps: no flowchart)");
}

static const struct {
	const char	*label;
	const char	*alias;
} news_categories[] = {
	{ "最新消息", "news" },
	{ "新聞稿", "press" },
	{ "澄清", "clarification" },
};

static void
parse_news(struct kctx *c, const struct ynode *root, struct news_data *nd)
{
	const struct ynode *n = ynode_get(root, "category");
	size_t i;

	nd->category = news_categories[0].label;
	if (n == NULL)
		return;
	for (i = 0; n->kind == YNODE_SCALAR && i < NELEM(news_categories); i++)
		if (strcmp(n->text, news_categories[i].label) == 0 ||
		    strcmp(n->text, news_categories[i].alias) == 0) {
			nd->category = news_categories[i].label;
			return;
		}
	diag_error(c->p->path, n->line, n->col, "消息類別「%s」無法辨識，可用 "
	    "最新消息、新聞稿、澄清 (category must be news, press or "
	    "clarification)", n->kind == YNODE_SCALAR ? n->text : "");
	c->errors++;
}

int
kinds_parse(struct arena *a, struct page *p, const struct ynode *root)
{
	static const struct ynode empty = { YNODE_MAP, 1, 1, "", 0, 0, NULL,
	    NULL, 0 };
	struct kctx c = { a, p, 0 };

	if (p->type != PAGE_REGULAR || p->kind == KIND_PAGE)
		return 0;
	if (root == NULL)
		root = &empty;
	p->kd = arena_alloc(a, sizeof(*p->kd));
	switch (p->kind) {
	case KIND_PLAN:
		parse_plan(&c, root, &p->kd->plan);
		break;
	case KIND_REPORT:
		parse_report(&c, root, &p->kd->report);
		break;
	case KIND_FAQ:
		parse_faq(&c, root, &p->kd->faq);
		break;
	case KIND_SOP:
		parse_sop(&c, root, &p->kd->sop);
		break;
	case KIND_NEWS:
		parse_news(&c, root, &p->kd->news);
		break;
	case KIND_PAGE:
		break;
	}
	return c.errors ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Links between pages                                                 */

/* A content page named by ref: relative to from's folder, as Markdown
 * links are, else relative to content/. "plans/" names a section. */
static struct page *
find_ref(const struct site *s, const struct page *from, const char *ref)
{
	struct buf dir = BUF_INIT, target = BUF_INIT;
	const char *slash = strrchr(from->rel, '/');
	struct page *to = NULL;
	size_t n = strlen(ref);
	int pass;

	if (slash != NULL)
		buf_append(&dir, from->rel, (size_t)(slash - from->rel));
	for (pass = 0; pass < 2 && to == NULL; pass++) {
		if (fs_resolve(pass == 0 ? buf_cstr(&dir) : "", ref, n,
		    &target) < 0)
			continue;
		to = site_find_page(s, buf_cstr(&target));
		if (to == NULL && n > 0 && ref[n - 1] == '/') {
			buf_puts(&target, "/_index.md");
			to = site_find_page(s, buf_cstr(&target));
		}
		if (ref[0] == '.' || ref[0] == '/')
			break;	/* explicit: relative or rooted only */
	}
	buf_free(&dir);
	buf_free(&target);
	return to;
}

static int
link_report(struct site *s, struct page *p)
{
	struct report_data *r = &p->kd->report;
	struct plan_data *pl;
	struct buf missing = BUF_INIT;
	size_t i, k;
	int errors = 0;

	if (r->plan_ref == NULL)
		return 0;
	r->plan = find_ref(s, p, r->plan_ref);
	if (r->plan == NULL || r->plan->type != PAGE_REGULAR ||
	    r->plan->kind != KIND_PLAN || r->plan->kd == NULL) {
		diag_error(p->path, r->plan_pos.line, r->plan_pos.col,
		    "找不到執行計畫「%s」：plan 應為 content/ 之下執行計畫的檔案，"
		    "例如 plans/execution-plan-104.md (plan not found)",
		    r->plan_ref);
		r->plan = NULL;
		return 1;
	}
	pl = &r->plan->kd->plan;
	if (r->year == 0)
		r->year = pl->year;
	if (r->year == 0) {
		diag_error(p->path, r->plan_pos.line, r->plan_pos.col,
		    "執行成果報告與其計畫都沒有年度 year (report and plan have no "
		    "year)");
		errors++;
	} else if (pl->year != 0 && pl->year != r->year) {
		diag_error(p->path, r->plan_pos.line, r->plan_pos.col,
		    "報告年度 %d 與計畫「%s」的年度 %d 不同 (report year differs "
		    "from the plan's)", r->year, r->plan->title, pl->year);
		errors++;
	}
	if (r->quarter >= 1 && r->quarter <= 4) {
		struct page *other = pl->reports[r->quarter - 1];

		if (other != NULL) {
			diag_error(p->path, r->quarter_pos.line,
			    r->quarter_pos.col, "計畫「%s」第 %d 季已有報告 %s "
			    "(two reports for one quarter)", r->plan->title,
			    r->quarter, other->path);
			errors++;
		} else {
			pl->reports[r->quarter - 1] = p;
		}
		/* reports are cumulative: January to the quarter's end */
		if (r->year != 0 && p->coverage_min.year == 0) {
			int y = r->year + 1911, m = r->quarter * 3;

			p->coverage_min = (struct date){ y, 1, 1 };
			p->coverage_max = (struct date){ y, m,
			    days_in_month(y, m) };
		}
	}
	if (!pl->has_items) {
		if (r->nitems > 0) {
			diag_error(p->path, r->items[0].pos.line,
			    r->items[0].pos.col, "計畫「%s」沒有 items，報告的項目"
			    "無法對應 (the plan has no items)", r->plan->title);
			errors++;
		}
		return errors;
	}
	for (i = 0; i < r->nitems; i++) {
		r->items[i].item = kinds_plan_item(pl, r->items[i].id);
		if (r->items[i].item == NULL && r->items[i].id[0] != '\0') {
			diag_error(p->path, r->items[i].pos.line,
			    r->items[i].pos.col, "計畫「%s」沒有編號「%s」的項目 "
			    "(no such item in the plan)", r->plan->title,
			    r->items[i].id);
			errors++;
		}
	}
	for (k = 0; k < pl->nitems; k++) {
		for (i = 0; i < r->nitems; i++)
			if (strcmp(r->items[i].id, pl->items[k].id) == 0)
				break;
		if (i == r->nitems)
			buf_printf(&missing, "%s%s", missing.len ? "、" : "",
			    pl->items[k].id);
	}
	if (missing.len > 0)
		diag_warning(p->path, r->plan_pos.line, r->plan_pos.col,
		    "報告未填報計畫項目 %s 的執行情形 (plan items not reported)",
		    buf_cstr(&missing));
	buf_free(&missing);
	return errors;
}

static int
link_faq(struct site *s, struct page *p)
{
	struct faq_data *f = &p->kd->faq;
	size_t i;
	int errors = 0;

	for (i = 0; i < f->nrelated; i++) {
		struct related_link *l = &f->related[i];

		if (is_url(l->ref))
			continue;
		l->page = find_ref(s, p, l->ref);
		if (l->page == NULL) {
			diag_error(p->path, l->pos.line, l->pos.col,
			    "相關連結「%s」找不到頁面（不存在或是草稿） (related "
			    "page not found)", l->ref);
			errors++;
		}
	}
	return errors;
}

int
kinds_link(struct site *s)
{
	size_t i;
	int errors = 0;

	for (i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];

		if (p->kd == NULL || p->type != PAGE_REGULAR)
			continue;
		if (p->kind == KIND_REPORT)
			errors += link_report(s, p);
		else if (p->kind == KIND_FAQ)
			errors += link_faq(s, p);
	}
	return errors;
}

/* ------------------------------------------------------------------ */
/* Questions                                                           */

const struct plan_data *
kinds_plan(const struct page *p)
{
	return p->kd != NULL && p->kind == KIND_PLAN ? &p->kd->plan : NULL;
}

const struct report_data *
kinds_report(const struct page *p)
{
	return p->kd != NULL && p->kind == KIND_REPORT ? &p->kd->report : NULL;
}

const struct faq_data *
kinds_faq(const struct page *p)
{
	return p->kd != NULL && p->kind == KIND_FAQ ? &p->kd->faq : NULL;
}

const struct sop_data *
kinds_sop(const struct page *p)
{
	return p->kd != NULL && p->kind == KIND_SOP ? &p->kd->sop : NULL;
}

const struct news_data *
kinds_news(const struct page *p)
{
	return p->kd != NULL && p->kind == KIND_NEWS ? &p->kd->news : NULL;
}

const struct plan_item *
kinds_plan_item(const struct plan_data *pl, const char *id)
{
	size_t i;

	for (i = 0; i < pl->nitems; i++)
		if (strcmp(pl->items[i].id, id) == 0)
			return &pl->items[i];
	return NULL;
}

enum item_status
kinds_item_status(const struct plan_data *pl, const char *id, int q,
    const struct report_item **out)
{
	const struct report_data *r;
	size_t i;

	if (out != NULL)
		*out = NULL;
	if (q < 1 || q > 4 || pl->reports[q - 1] == NULL)
		return STATUS_NONE;
	r = &pl->reports[q - 1]->kd->report;
	for (i = 0; i < r->nitems; i++)
		if (strcmp(r->items[i].id, id) == 0) {
			if (out != NULL)
				*out = &r->items[i];
			return r->items[i].status;
		}
	return STATUS_NONE;
}

const char *
kinds_due_text(struct arena *a, const struct due *d, enum date_format f)
{
	char buf[32];

	if (d->date.year == 0)
		return "";
	if (!d->month_only) {
		date_display(&d->date, f, buf, sizeof(buf));
		return arena_strdup(a, buf);
	}
	if (f == DATE_ROC && d->date.year > 1911)
		return arena_printf(a, "%d年%d月", d->date.year - 1911,
		    d->date.month);
	return arena_printf(a, "%04d-%02d", d->date.year, d->date.month);
}

struct date
kinds_report_due(int year, int quarter)
{
	int y = year + 1911;

	switch (quarter) {
	case 1:
		return (struct date){ y, 4, 30 };
	case 2:
		return (struct date){ y, 7, 31 };
	case 3:
		return (struct date){ y, 10, 31 };
	default:
		return (struct date){ y + 1, 1, 20 };
	}
}
