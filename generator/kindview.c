/*
 * kindview: template context for the content kinds of issue 6.
 */
#include "kindview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "escape.h"
#include "json.h"
#include "kinds.h"
#include "svg.h"
#include "util.h"

/* ids the layouts and the SVG share */
#define ID_PROGRESS		"gk-progress"
#define ID_PROGRESS_TABLE	"gk-progress-table"
#define ID_FLOW			"gk-flow"
#define ID_STEPS		"gk-steps"
/* news on the home page */
#define HOME_NEWS		5

static const char *const quarter_names[4] = { "第1季", "第2季", "第3季",
	"第4季" };

static void
put_date(struct arena *a, const struct site *s, struct value *m,
    const char *key, const struct date *d)
{
	char buf[32];

	date_display(d, s->cfg->date_format, buf, sizeof(buf));
	value_map_str(a, m, key, buf);
	date_iso(d, buf, sizeof(buf));
	value_map_str(a, m, arena_printf(a, "%s_iso", key), buf);
}

/* Optional text: absent when empty, so {{#key}} skips it. */
static void
opt(struct arena *a, struct value *m, const char *key, const char *s)
{
	if (s != NULL && s[0] != '\0')
		value_map_str(a, m, key, s);
}

/* A number as people write it: 1200 -> "1,200", 85.5 -> "85.5". */
static const char *
number_text(struct arena *a, double d)
{
	char raw[64], out[96];
	size_t i, k = 0, int_len, start = 0;
	const char *dot;

	if (d == (double)(long long)d)
		snprintf(raw, sizeof(raw), "%lld", (long long)d);
	else
		snprintf(raw, sizeof(raw), "%.2f", d);
	if ((dot = strchr(raw, '.')) != NULL) {
		/* 85.50 -> 85.5 */
		char *e = raw + strlen(raw) - 1;

		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
		dot = strchr(raw, '.');
	}
	int_len = dot ? (size_t)(dot - raw) : strlen(raw);
	if (raw[0] == '-') {
		out[k++] = '-';
		start = 1;
	}
	for (i = start; i < int_len; i++) {
		if (i > start && (int_len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = raw[i];
	}
	out[k] = '\0';
	if (dot)
		snprintf(out + k, sizeof(out) - k, "%s", dot);
	return arena_strdup(a, out);
}

/* ------------------------------------------------------------------ */
/* plan                                                                */

static struct value *
plan_item_value(struct arena *a, const struct site *s,
    const struct plan_item *it)
{
	struct value *m = value_map(a);

	value_map_str(a, m, "id", it->id);
	value_map_str(a, m, "area", it->area);
	value_map_str(a, m, "strategy", it->strategy);
	value_map_str(a, m, "owner", it->owner);
	opt(a, m, "due", kinds_due_text(a, &it->due, s->cfg->date_format));
	if (it->due.date.year != 0) {
		char iso[32];

		date_iso(&it->due.date, iso, sizeof(iso));
		value_map_str(a, m, "due_iso", iso);
	}
	opt(a, m, "indicator", it->indicator);
	if (it->has_target) {
		value_map_num(a, m, "target_value", it->target);
		value_map_str(a, m, "target", arena_printf(a, "%s%s",
		    number_text(a, it->target), it->unit));
	}
	opt(a, m, "unit", it->unit);
	opt(a, m, "benefit", it->benefit);
	return m;
}

/* What a report says of an item: the value, with the plan's unit when it
 * is a plain number. */
static const char *
achieved_text(struct arena *a, const struct report_item *ri,
    const struct plan_item *it)
{
	if (ri == NULL || ri->achieved[0] == '\0')
		return "";
	if (ri->has_num)
		return arena_printf(a, "%s%s", number_text(a, ri->achieved_num),
		    it != NULL ? it->unit : "");
	return ri->achieved;
}

static void
plan_progress(struct arena *a, const struct site *s, const struct page *p,
    const struct plan_data *pl, struct value *m)
{
	struct svg_progress_row *rows;
	struct svg_progress pr;
	struct value *prog = value_map(a), *qs = value_list(a),
	    *rl = value_list(a);
	struct buf svg = BUF_INIT, desc = BUF_INIT;
	size_t i, counts[NSTATUS];
	int q, last = 0;

	for (q = 0; q < 4; q++) {
		struct value *it = value_map(a);
		const struct page *r = pl->reports[q];

		value_map_num(a, it, "quarter", q + 1);
		value_map_str(a, it, "label", quarter_names[q]);
		value_map_bool(a, it, "has_report", r != NULL);
		if (r != NULL) {
			value_map_str(a, it, "url", site_link(a, s, r->url));
			value_map_str(a, it, "title", r->title);
			last = q + 1;
		}
		value_list_push(a, qs, it);
	}
	if (last == 0 || pl->nitems == 0)
		return;	/* nothing reported yet: no chart */

	rows = xcalloc(pl->nitems, sizeof(*rows));
	memset(counts, 0, sizeof(counts));
	for (i = 0; i < pl->nitems; i++) {
		const struct plan_item *it = &pl->items[i];
		struct value *row = value_map(a), *cells = value_list(a);

		rows[i].label = it->id;
		value_map_str(a, row, "id", it->id);
		value_map_str(a, row, "strategy", it->strategy);
		for (q = 0; q < 4; q++) {
			const struct report_item *ri;
			enum item_status st = kinds_item_status(pl, it->id, q + 1,
			    &ri);
			struct value *cell = value_map(a);

			rows[i].status[q] = st;
			value_map_str(a, cell, "status", kinds_status_key(st));
			value_map_str(a, cell, "status_label",
			    pl->reports[q] == NULL ? "—" : kinds_status_label(st));
			value_map_bool(a, cell, "has_report", pl->reports[q] != NULL);
			opt(a, cell, "achieved", achieved_text(a, ri, it));
			value_list_push(a, cells, cell);
		}
		counts[rows[i].status[last - 1]]++;
		value_map_set(a, row, "cells", cells);
		value_list_push(a, rl, row);
	}
	buf_printf(&desc, "%d年%s止，%zu 項工作中完成 %zu 項、進行中 %zu 項、落後 "
	    "%zu 項、未開始 %zu 項、未填報 %zu 項。各季情形見「執行進度表」。",
	    pl->year, quarter_names[last - 1], pl->nitems,
	    counts[STATUS_DONE], counts[STATUS_IN_PROGRESS],
	    counts[STATUS_BEHIND], counts[STATUS_NOT_STARTED],
	    counts[STATUS_NONE]);
	memset(&pr, 0, sizeof(pr));
	pr.id = ID_PROGRESS;
	pr.title = arena_printf(a, "%s執行進度圖", p->title);
	pr.desc = buf_cstr(&desc);
	pr.described_by = ID_PROGRESS_TABLE;
	for (q = 0; q < 4; q++)
		pr.columns[q] = quarter_names[q];
	pr.rows = rows;
	pr.nrows = pl->nitems;
	svg_progress_chart(&svg, &pr);
	value_map_set(a, prog, "svg", value_string(a, buf_cstr(&svg)));
	value_map_str(a, prog, "summary", buf_cstr(&desc));
	value_map_str(a, prog, "chart_id", ID_PROGRESS);
	value_map_str(a, prog, "table_id", ID_PROGRESS_TABLE);
	value_map_set(a, prog, "quarters", qs);
	value_map_set(a, prog, "rows", rl);
	value_map_set(a, m, "progress", prog);
	value_map_bool(a, m, "has_progress", 1);
	buf_free(&svg);
	buf_free(&desc);
	free(rows);
}

static void
plan_view(struct arena *a, const struct site *s, const struct page *p,
    struct value *page)
{
	const struct plan_data *pl = kinds_plan(p);
	struct value *m = value_map(a), *items = value_list(a),
	    *areas = value_list(a), *area = NULL, *ail = NULL;
	const char *cur = NULL;
	size_t i;

	if (pl->year != 0)
		value_map_num(a, m, "year", pl->year);
	for (i = 0; i < pl->nitems; i++) {
		const struct plan_item *it = &pl->items[i];
		struct value *v = plan_item_value(a, s, it);

		value_list_push(a, items, v);
		/* consecutive items of one area form a row group */
		if (cur == NULL || strcmp(cur, it->area) != 0) {
			area = value_map(a);
			ail = value_list(a);
			value_map_str(a, area, "area", it->area);
			value_map_set(a, area, "items", ail);
			value_list_push(a, areas, area);
			cur = it->area;
		}
		value_list_push(a, ail, v);
	}
	for (i = 0; i < areas->len; i++)
		value_map_num(a, areas->items[i], "count",
		    (double)value_map_get(areas->items[i], "items")->len);
	value_map_set(a, m, "items", items);
	value_map_set(a, m, "areas", areas);
	value_map_bool(a, m, "has_items", pl->nitems > 0);
	value_map_num(a, m, "item_count", (double)pl->nitems);
	plan_progress(a, s, p, pl, m);
	value_map_set(a, page, "plan", m);
}

/* ------------------------------------------------------------------ */
/* report                                                              */

static void
report_view(struct arena *a, const struct site *s, const struct page *p,
    struct value *page)
{
	const struct report_data *r = kinds_report(p);
	struct value *m = value_map(a), *items = value_list(a);
	size_t i;

	if (r->year != 0)
		value_map_num(a, m, "year", r->year);
	if (r->quarter != 0) {
		struct date due = kinds_report_due(r->year, r->quarter);

		value_map_num(a, m, "quarter", r->quarter);
		value_map_str(a, m, "quarter_label", quarter_names[r->quarter - 1]);
		value_map_str(a, m, "period", arena_printf(a, "%d年1月至%d月",
		    r->year, r->quarter * 3));
		if (r->year != 0)
			put_date(a, s, m, "due", &due);
	}
	if (r->plan != NULL) {
		value_map_str(a, m, "plan_title", r->plan->title);
		value_map_str(a, m, "plan_url", site_link(a, s, r->plan->url));
	}
	for (i = 0; i < r->nitems; i++) {
		const struct report_item *ri = &r->items[i];
		struct value *v = ri->item ? plan_item_value(a, s, ri->item) :
		    value_map(a);

		value_map_str(a, v, "id", ri->id);
		value_map_str(a, v, "status", kinds_status_key(ri->status));
		value_map_str(a, v, "status_label",
		    kinds_status_label(ri->status));
		value_map_bool(a, v, "is_behind", ri->status == STATUS_BEHIND);
		opt(a, v, "achieved", achieved_text(a, ri, ri->item));
		opt(a, v, "narrative", ri->narrative);
		value_list_push(a, items, v);
	}
	value_map_set(a, m, "items", items);
	value_map_bool(a, m, "has_items", r->nitems > 0);
	value_map_set(a, page, "report", m);
}

/* ------------------------------------------------------------------ */
/* faq                                                                 */

static const char *
faq_category(const struct page *p)
{
	const struct faq_data *f = kinds_faq(p);

	return f != NULL && f->category[0] != '\0' ? f->category : "其他";
}

static void
faq_view(struct arena *a, const struct site *s, const struct page *p,
    struct value *page)
{
	const struct faq_data *f = kinds_faq(p);
	struct value *m = value_map(a), *rel = value_list(a);
	size_t i;

	value_map_str(a, m, "category", faq_category(p));
	for (i = 0; i < f->nrelated; i++) {
		const struct related_link *l = &f->related[i];
		struct value *it = value_map(a);

		if (l->page != NULL) {
			value_map_str(a, it, "title", l->title ? l->title :
			    l->page->title);
			value_map_str(a, it, "url", site_link(a, s, l->page->url));
			value_map_str(a, it, "kind_label",
			    page_kind_label(l->page));
			value_map_bool(a, it, "external", 0);
		} else if (l->title != NULL) {
			value_map_str(a, it, "title", l->title);
			value_map_str(a, it, "url", l->ref);
			value_map_bool(a, it, "external", 1);
		} else {
			continue;
		}
		value_list_push(a, rel, it);
	}
	value_map_set(a, m, "related", rel);
	value_map_bool(a, m, "has_related", rel->len > 0);
	value_map_set(a, page, "faq", m);
}

/* An answer inside the FAQ index sits under its category's <h2>: its
 * headings move one level down, and lose their ids, which are unique only
 * within the answer's own page. */
static const char *
demote_headings(struct arena *a, const char *html)
{
	struct buf b = BUF_INIT;
	const char *s = html, *r;

	while (*s != '\0') {
		int close;
		const char *h, *lt = strchr(s, '<');

		/* the text up to the next tag as it is (the FAQ index demotes
		 * every answer: a megabyte on the corpus) */
		if (lt == NULL)
			break;
		buf_append(&b, s, (size_t)(lt - s));
		s = lt;
		close = s[1] == '/';
		h = s + 1 + close;
		if (h[0] == 'h' && h[1] >= '1' && h[1] <= '6' &&
		    (h[2] == '>' || (h[2] == ' ' && !close))) {
			int level = h[1] - '0' + 1;
			const char *gt = strchr(h, '>');

			if (gt == NULL)
				break;
			buf_printf(&b, "<%sh%d>", close ? "/" : "",
			    level > 6 ? 6 : level);
			s = gt + 1;
			continue;
		}
		buf_putc(&b, *s++);
	}
	buf_puts(&b, s);
	r = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

/* The FAQ index: questions by category (in the order their first
 * question comes in the section), and the schema.org FAQPage of the
 * questions it shows. A section cut in pages (site.yaml paginate) shows
 * on each the categories of its questions, and its nav names every
 * category of the section with its count, linked to the page where its
 * first question is. */
static void
faq_section(struct arena *a, const struct site *s, const struct page *ix,
    struct value *ctx)
{
	const struct section *sec = ix->sec;
	struct value *cats = value_list(a), *shown = value_list(a),
	    *ld = value_map(a), *main = value_list(a);
	struct buf json = BUF_INIT;
	size_t i, k, per = ix->pager_total > 1 ? sec->pager[0]->list_n : 0;

	for (i = 0; i < sec->npages; i++) {
		const char *name = faq_category(sec->pages[i]);
		struct value *cat = NULL, *qs;
		int here = i >= ix->list_from && i < ix->list_from + ix->list_n;

		for (k = cats->len; k > 0; k--)
			if (strcmp(value_map_get(cats->items[k - 1],
			    "name")->str, name) == 0) {
				cat = cats->items[k - 1];
				break;
			}
		if (cat == NULL) {
			const char *id = arena_printf(a, "gk-cat-%zu",
			    cats->len + 1);
			const struct page *first = per > 0 ?
			    sec->pager[i / per] : ix;

			cat = value_map(a);
			value_map_str(a, cat, "name", name);
			value_map_str(a, cat, "id", id);
			/* on this page when it shows some of its questions */
			value_map_str(a, cat, "href", arena_printf(a, "%s#%s",
			    site_link(a, s, first->url), id));
			value_map_set(a, cat, "questions", value_list(a));
			value_map_num(a, cat, "count", 0);
			value_list_push(a, cats, cat);
		}
		value_map_get(cat, "count")->number++;
		if (!here)
			continue;
		qs = value_map_get(cat, "questions");
		if (qs->len == 0)
			value_list_push(a, shown, cat);
		{
			const struct page *p = sec->pages[i];
			struct value *q = value_map(a), *ans = value_map(a),
			    *qu = value_map(a);

			value_map_str(a, q, "title", p->title);
			value_map_str(a, q, "url", site_link(a, s, p->url));
			value_map_set(a, q, "answer", value_foreign(a,
			    demote_headings(a, p->html ? p->html : "")));
			value_list_push(a, qs, q);

			value_map_str(a, qu, "@type", "Question");
			value_map_str(a, qu, "name", p->title);
			value_map_str(a, qu, "url", site_permalink(a, s, p->url));
			value_map_str(a, ans, "@type", "Answer");
			value_map_set(a, ans, "text", value_string_ref(a,
			    p->html ? p->html : ""));
			value_map_set(a, qu, "acceptedAnswer", ans);
			value_list_push(a, main, qu);
		}
	}
	for (k = 0; k < shown->len; k++)
		value_map_str(a, shown->items[k], "href", arena_printf(a, "#%s",
		    value_map_get(shown->items[k], "id")->str));
	value_map_set(a, ctx, "category_nav", cats);
	value_map_set(a, ctx, "categories", shown);
	value_map_bool(a, ctx, "has_categories", shown->len > 0);
	if (main->len == 0)
		return;
	value_map_str(a, ld, "@context", "https://schema.org");
	value_map_str(a, ld, "@type", "FAQPage");
	value_map_set(a, ld, "mainEntity", main);
	if (json_dump_script(ld, &json) == 0)
		value_map_set(a, ctx, "faq_jsonld", value_string(a,
		    buf_cstr(&json)));
	buf_free(&json);
}

/* ------------------------------------------------------------------ */
/* sop                                                                 */

static int
is_external(const char *u)
{
	return strncmp(u, "https://", 8) == 0 || strncmp(u, "http://", 7) == 0;
}

/* The page's HTML with id="gk-steps" on the first <ol> after the steps
 * heading, so the flowchart can name its text alternative; NULL when the
 * list is not found. */
static const char *
mark_steps_list(struct arena *a, const struct page *p)
{
	struct buf b = BUF_INIT, idattr = BUF_INIT;
	const char *html = p->html, *h = NULL, *ol, *next;
	const char *r = NULL;
	size_t i;

	if (html == NULL)
		return NULL;
	for (i = 0; i < p->nheadings && h == NULL; i++) {
		if (strcmp(p->headings[i].text, "作業流程") != 0 &&
		    strcmp(p->headings[i].text, "辦理流程") != 0)
			continue;
		buf_reset(&idattr);
		buf_puts(&idattr, " id=\"");
		escape_html(&idattr, p->headings[i].id,
		    strlen(p->headings[i].id));
		buf_puts(&idattr, "\"");
		h = strstr(html, buf_cstr(&idattr));
	}
	if (h == NULL)
		goto out;
	ol = strstr(h, "<ol");
	next = strstr(h + 1, "<h");
	if (ol == NULL || (next != NULL && next < ol) ||
	    (ol[3] != '>' && ol[3] != ' '))
		goto out;
	buf_append(&b, html, (size_t)(ol - html) + 3);
	buf_puts(&b, " id=\"" ID_STEPS "\"");
	buf_puts(&b, ol + 3);
	r = arena_strndup(a, buf_cstr(&b), b.len);
out:
	buf_free(&b);
	buf_free(&idattr);
	return r;
}

static void
sop_view(struct arena *a, const struct site *s, const struct page *p,
    struct value *page)
{
	const struct sop_data *sop = kinds_sop(p);
	struct value *m = value_map(a), *docs = value_list(a),
	    *steps = value_list(a);
	const char *described = ID_STEPS, *marked = NULL;
	struct buf svg = BUF_INIT;
	size_t i;

	opt(a, m, "time_limit", sop->time_limit);
	opt(a, m, "fee", sop->fee);
	opt(a, m, "window", sop->window);
	for (i = 0; i < sop->documents.n; i++)
		value_list_push(a, docs, value_string(a, sop->documents.v[i]));
	value_map_set(a, m, "documents", docs);
	value_map_bool(a, m, "has_documents", docs->len > 0);
	if (sop->query_url[0] != '\0') {
		value_map_str(a, m, "query_url", is_external(sop->query_url) ?
		    sop->query_url : site_link(a, s, sop->query_url));
		value_map_bool(a, m, "query_external",
		    is_external(sop->query_url));
	}
	value_map_bool(a, m, "has_query_url", sop->query_url[0] != '\0');
	value_map_bool(a, m, "has_info", sop->time_limit[0] || sop->fee[0] ||
	    sop->window[0] || sop->query_url[0] || sop->documents.n);
	for (i = 0; i < sop->steps.n; i++)
		value_list_push(a, steps, value_string(a, sop->steps.v[i]));
	/* the text alternative: the front matter's steps, listed by the
	 * layout, or the body's own list */
	value_map_bool(a, m, "list_steps", !sop->steps_from_body &&
	    steps->len > 0);
	value_map_set(a, m, "steps", steps);
	value_map_str(a, m, "steps_id", ID_STEPS);
	if (sop->steps_from_body) {
		marked = mark_steps_list(a, p);
		if (marked != NULL)
			value_map_set(a, page, "content", value_string_ref(a,
			    marked));
		else
			described = NULL;
	}
	if (steps->len > 0) {
		svg_flowchart(&svg, ID_FLOW, arena_printf(a, "%s作業流程圖",
		    p->title), arena_printf(a, "共 %zu 個步驟，由上而下依序辦理；"
		    "文字說明見本頁「作業流程」。", steps->len), described,
		    sop->steps.v, sop->steps.n);
		value_map_set(a, m, "flowchart", value_string(a,
		    buf_cstr(&svg)));
		value_map_bool(a, m, "has_flowchart", 1);
		value_map_num(a, m, "step_count", (double)steps->len);
	}
	buf_free(&svg);
	value_map_set(a, page, "sop", m);
}

/* ------------------------------------------------------------------ */
/* news, section rows, home, audit                                     */

static const char *
news_category(const struct page *p)
{
	const struct news_data *n = kinds_news(p);

	return n != NULL ? n->category : "最新消息";
}

/* The kind's fields on a row of a section list. */
static void
row_fields(struct arena *a, const struct site *s, const struct page *p,
    struct value *row)
{
	const struct sop_data *sop = kinds_sop(p);
	const struct report_data *r = kinds_report(p);
	const struct plan_data *pl = kinds_plan(p);

	if (sop != NULL) {
		opt(a, row, "time_limit", sop->time_limit);
		opt(a, row, "window", sop->window);
		value_map_bool(a, row, "has_lookup", sop->query_url[0] != '\0');
		if (sop->query_url[0] != '\0') {
			value_map_str(a, row, "query_url",
			    is_external(sop->query_url) ? sop->query_url :
			    site_link(a, s, sop->query_url));
			value_map_bool(a, row, "query_external",
			    is_external(sop->query_url));
		}
	}
	if (p->kind == KIND_NEWS)
		value_map_str(a, row, "category", news_category(p));
	if (p->kind == KIND_FAQ)
		value_map_str(a, row, "category", faq_category(p));
	if (r != NULL && r->quarter != 0) {
		value_map_num(a, row, "year", r->year);
		value_map_num(a, row, "quarter", r->quarter);
	}
	if (pl != NULL && pl->year != 0)
		value_map_num(a, row, "year", pl->year);
}

static void
section_view(struct arena *a, const struct site *s, const struct page *p,
    struct value *ctx)
{
	struct value *rows = value_map_get(ctx, "pages");
	struct page *const *listed;
	size_t i, n;

	if (p->sec == NULL)
		return;
	/* render.c lists p's part of its section in order (page_listed):
	 * add each row's kind fields */
	listed = page_listed(p, &n);
	for (i = 0; rows != NULL && i < rows->len && i < n; i++)
		row_fields(a, s, listed[i], rows->items[i]);
	if (p->kind == KIND_FAQ)
		faq_section(a, s, p, ctx);
}

static void
home_view(struct arena *a, const struct site *s, struct value *ctx)
{
	struct value *l = value_list(a);
	const struct section *sec = NULL;
	size_t i;

	for (i = 0; i < s->nsections; i++)
		if (s->sections[i].index->kind == KIND_NEWS)
			sec = &s->sections[i];
	for (i = 0; sec != NULL && i < sec->npages && l->len < HOME_NEWS; i++) {
		const struct page *p = sec->pages[i];
		struct value *it = value_map(a);

		value_map_str(a, it, "title", p->title);
		value_map_str(a, it, "url", site_link(a, s, p->url));
		value_map_str(a, it, "category", news_category(p));
		value_map_bool(a, it, "has_date", p->date.year != 0);
		put_date(a, s, it, "date", &p->date);
		value_list_push(a, l, it);
	}
	value_map_set(a, ctx, "news", l);
	value_map_bool(a, ctx, "has_news", l->len > 0);
	if (sec != NULL) {
		/* the news have their own list: not again in the grid */
		struct value *secs = value_map_get(ctx, "sections"), *keep;
		const char *u = site_link(a, s, sec->url);

		if (secs != NULL && secs->kind == VALUE_LIST) {
			keep = value_list(a);
			for (i = 0; i < secs->len; i++) {
				struct value *su = value_map_get(secs->items[i],
				    "url");

				if (su == NULL || strcmp(su->str, u) != 0)
					value_list_push(a, keep, secs->items[i]);
			}
			value_map_set(a, ctx, "sections", keep);
		}
		value_map_str(a, ctx, "news_url", site_link(a, s, sec->url));
		value_map_str(a, ctx, "news_title", sec->title);
		value_map_bool(a, ctx, "news_more", sec->npages > HOME_NEWS);
	}
}

const char *
kindview_section_template(enum page_kind k)
{
	switch (k) {
	case KIND_PLAN:
		return "section-plan";
	case KIND_REPORT:
		return "section-report";
	case KIND_FAQ:
		return "section-faq";
	case KIND_SOP:
		return "section-sop";
	case KIND_NEWS:
		return "section-news";
	case KIND_PAGE:
		break;
	}
	return NULL;
}

int
kindview_shows_bodies(const struct page *p)
{
	/* section_view: faq_section */
	return p->type == PAGE_SECTION && p->sec != NULL &&
	    p->kind == KIND_FAQ;
}

void
kindview_context(struct arena *a, const struct site *s, const struct page *p,
    struct value *ctx)
{
	struct value *page = value_map_get(ctx, "page");

	switch (p->type) {
	case PAGE_HOME:
		home_view(a, s, ctx);
		return;
	case PAGE_SECTION:
		section_view(a, s, p, ctx);
		return;
	case PAGE_AUDIT:
		if (s->audit != NULL)
			value_map_set(a, ctx, "audit", audit_value(a, s->audit,
			    s->cfg->date_format));
		return;
	case PAGE_REGULAR:
		break;
	default:
		return;
	}
	if (p->kd == NULL)
		return;
	switch (p->kind) {
	case KIND_PLAN:
		plan_view(a, s, p, page);
		break;
	case KIND_REPORT:
		report_view(a, s, p, page);
		break;
	case KIND_FAQ:
		faq_view(a, s, p, page);
		break;
	case KIND_SOP:
		sop_view(a, s, p, page);
		break;
	case KIND_NEWS:
		value_map_set(a, page, "news", value_map(a));
		value_map_str(a, value_map_get(page, "news"), "category",
		    news_category(p));
		break;
	case KIND_PAGE:
		break;
	}
}
