/*
 * audit: the rules of the Ministry of Justice's service-quality plan,
 * checked on the site model (issue 6).
 */
#include "audit.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "classify.h"
#include "config.h"
#include "history.h"
#include "kinds.h"
#include "util.h"

/* How close a report's due date must be for a reminder. */
#define DUE_SOON_DAYS	30
/* The SOPs with an online progress lookup 肆、二.4 asks for. */
#define MIN_LOOKUPS	5
/* SOPs without a lookup named in one finding. */
#define MAX_NAMED	8

static const struct {
	const char	*key;
	const char	*section;
	const char	*title;
} rules[NRULES] = {
	[RULE_PLAN] = { "plan", "捌、一", "公開年度執行計畫" },
	[RULE_REPORTS] = { "reports", "陸、四", "按季提報執行成果" },
	[RULE_SOP] = { "sop_lookup", "肆、二.4", "五項以上案件進度查詢" },
	[RULE_FAQ] = { "faq", "肆、三.5", "常見問題集" },
	[RULE_DISCLOSURE] = { "disclosures", "肆、四.1", "主動公開基本資訊" },
	[RULE_FEEDBACK] = { "feedback", "肆、四.3", "民眾意見反映管道" },
	[RULE_CLASSIFIED] = { "classification", "肆、四.2", "三種分類檢索" },
	[RULE_STALE] = { "stale", "肆、四.1", "資訊即時更新" },
};

static const struct {
	const char	*key;
	const char	*label;
} states[] = {
	[REPORT_ON_TIME] = { "on_time", "準時" },
	[REPORT_LATE] = { "late", "逾期提報" },
	[REPORT_OWED] = { "owed", "未提報" },
	[REPORT_PENDING] = { "pending", "未屆期" },
};

const char *
audit_rule_section(enum audit_rule rule)
{
	return rules[rule].section;
}

const char *
audit_rule_title(enum audit_rule rule)
{
	return rules[rule].title;
}

const char *
audit_level_key(enum audit_level l)
{
	return l == AUDIT_OWED ? "owed" : "note";
}

const char *
audit_level_label(enum audit_level l)
{
	return l == AUDIT_OWED ? "應辦" : "提醒";
}

const char *
audit_state_key(enum report_state st)
{
	return states[st].key;
}

const char *
audit_state_label(enum report_state st)
{
	return states[st].label;
}

/* ------------------------------------------------------------------ */
/* Collecting findings                                                 */

struct actx {
	struct arena		*a;
	const struct site	*s;
	struct audit_report	*r;
	struct date		 today;
	size_t			 cap;
};

static void
add(struct actx *c, enum audit_rule rule, enum audit_level level,
    const char *path, int line, const char *message, const char *action)
{
	struct audit_report *r = c->r;
	struct audit_finding *f;

	if (r->nfindings == c->cap) {
		struct audit_finding *old = r->findings;

		c->cap = c->cap ? c->cap * 2 : 16;
		r->findings = arena_alloc(c->a, c->cap * sizeof(*r->findings));
		if (old != NULL)
			memcpy(r->findings, old, r->nfindings * sizeof(*old));
	}
	f = &r->findings[r->nfindings++];
	f->rule = rule;
	f->level = level;
	f->path = arena_strdup(c->a, path);
	f->line = line;
	f->message = message;
	f->action = action;
	if (level == AUDIT_OWED) {
		r->owed++;
		r->rule_owed[rule]++;
	} else {
		r->notes++;
	}
}

/* A page exists on the audit day: published, and not dated later. */
static int
exists(const struct actx *c, const struct page *p)
{
	return p->date.year == 0 || date_cmp(&p->date, &c->today) <= 0;
}

static int
is_content(const struct page *p)
{
	return !p->generated && (p->type == PAGE_REGULAR ||
	    p->type == PAGE_SECTION || p->type == PAGE_HOME);
}

/* The folder of a section in diagnostics' terms: "content/reports/". */
static const char *
folder(struct actx *c, const char *section)
{
	return arena_printf(c->a, "%s/%s/", c->s->content_dir, section);
}

static const char *
roc(struct actx *c, const struct date *d)
{
	char buf[32];

	date_display(d, DATE_ROC, buf, sizeof(buf));
	return arena_strdup(c->a, buf);
}

/* 捌、一: this year's plan is published. */
static void
rule_plan(struct actx *c)
{
	const struct site *s = c->s;
	size_t i;

	for (i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];
		const struct plan_data *pl = kinds_plan(p);

		if (pl == NULL || !exists(c, p))
			continue;
		if (pl->year == c->r->year)
			c->r->plan_published = 1;
		if (pl->year == 0)
			add(c, RULE_PLAN, AUDIT_NOTE, p->path, 1,
			    "計畫沒有年度 year，無法判斷是哪一年的執行計畫 (plan "
			    "without year)", "請在前置資料加上民國年度，例如 year: "
			    "104 (add year)");
	}
	if (!c->r->plan_published)
		add(c, RULE_PLAN, AUDIT_OWED, folder(c, "plans"), 0,
		    arena_printf(c->a, "尚未公開 %d 年度提升服務品質執行計畫 (no "
		    "execution plan for ROC year %d is published)", c->r->year,
		    c->r->year),
		    arena_printf(c->a, "請在 content/plans/ 新增 year: %d 的執行"
		    "計畫並發布；計畫也要公開於服務場所，可列印計畫頁面張貼 (add a "
		    "plan with year: %d, and post it at the service counter)",
		    c->r->year, c->r->year));
}

/* The plans of ROC year y that reports are expected for: those with
 * items or reports; if none has either, every plan of the year. */
static int
reported_plan(const struct actx *c, const struct page *p, int y)
{
	const struct plan_data *pl = kinds_plan(p);
	size_t i, q;
	int any = 0;

	if (pl == NULL || pl->year != y || !exists(c, p))
		return 0;
	for (q = 0; q < 4; q++)
		any |= pl->reports[q] != NULL;
	if (pl->has_items || any)
		return 1;
	for (i = 0; i < c->s->npages; i++) {
		const struct plan_data *o = kinds_plan(c->s->pages[i]);
		int oany = 0;

		if (o == NULL || o->year != y || !exists(c, c->s->pages[i]))
			continue;
		for (q = 0; q < 4; q++)
			oany |= o->reports[q] != NULL;
		if (o->has_items || oany)
			return 0;
	}
	return 1;
}

static void
audit_quarters(struct actx *c, const struct page *p, struct audit_plan *ap)
{
	const struct plan_data *pl = kinds_plan(p);
	int q;

	for (q = 0; q < 4; q++) {
		struct audit_quarter *aq = &ap->q[q];
		const struct page *rp = pl->reports[q];
		long days;

		aq->due = kinds_report_due(pl->year, q + 1);
		if (rp != NULL && exists(c, rp)) {
			aq->published = rp->date;
			aq->path = arena_strdup(c->a, rp->path);
			aq->url = site_link(c->a, c->s, rp->url);
			if (rp->date.year != 0 &&
			    date_cmp(&rp->date, &aq->due) > 0) {
				aq->state = REPORT_LATE;
				add(c, RULE_REPORTS, AUDIT_NOTE, rp->path, 1,
				    arena_printf(c->a, "%d 年第 %d 季執行成果報告於 %s "
				    "發布，已逾提報期限 %s (report published after "
				    "its due date)", pl->year, q + 1,
				    roc(c, &rp->date), roc(c, &aq->due)),
				    "下一季請於期限前提報並公開 (publish the next "
				    "report by its due date)");
			} else {
				aq->state = REPORT_ON_TIME;
			}
			continue;
		}
		days = date_to_days(&aq->due) - date_to_days(&c->today);
		if (days < 0) {
			aq->state = REPORT_OWED;
			add(c, RULE_REPORTS, AUDIT_OWED, folder(c, "reports"), 0,
			    arena_printf(c->a, "尚未提報 %d 年第 %d 季（1 月至 %d "
			    "月）執行成果報告，期限 %s 已過 (quarterly report "
			    "overdue)", pl->year, q + 1, (q + 1) * 3,
			    roc(c, &aq->due)),
			    arena_printf(c->a, "請在 content/reports/ 新增報告，前置"
			    "資料寫 plan: %s、year: %d、quarter: %d，填報各項目的"
			    "執行情形 (add the report with plan, year and quarter)",
			    p->rel, pl->year, q + 1));
		} else {
			aq->state = REPORT_PENDING;
			if (days <= DUE_SOON_DAYS)
				add(c, RULE_REPORTS, AUDIT_NOTE,
				    folder(c, "reports"), 0,
				    arena_printf(c->a, "%d 年第 %d 季執行成果報告將於 "
				    "%s 到期（還有 %ld 天） (report due in %ld days)",
				    pl->year, q + 1, roc(c, &aq->due), days, days),
				    "請準備報告，於期限前發布 (prepare the report)");
		}
	}
}

/* 陸、四: the reports of last year's and this year's plans. */
static void
rule_reports(struct actx *c)
{
	const struct site *s = c->s;
	size_t i, n = 0;
	int y;

	for (y = c->r->year - 1; y <= c->r->year; y++)
		for (i = 0; i < s->npages; i++)
			n += reported_plan(c, s->pages[i], y);
	c->r->plans = arena_alloc(c->a, (n + 1) * sizeof(*c->r->plans));
	for (y = c->r->year - 1; y <= c->r->year; y++)
		for (i = 0; i < s->npages; i++) {
			const struct page *p = s->pages[i];
			struct audit_plan *ap;

			if (!reported_plan(c, p, y))
				continue;
			ap = &c->r->plans[c->r->nplans++];
			ap->year = y;
			ap->title = arena_strdup(c->a, p->title);
			ap->path = arena_strdup(c->a, p->path);
			ap->url = site_link(c->a, s, p->url);
			ap->published = p->date;
			audit_quarters(c, p, ap);
		}
}

/* 肆、二.4 and 肆、三.5: five SOPs with a lookup; an FAQ. */
static void
rule_sop_faq(struct actx *c)
{
	const struct site *s = c->s;
	struct buf without = BUF_INIT;
	size_t i, named = 0;

	for (i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];
		const struct sop_data *sop = kinds_sop(p);

		if (p->type == PAGE_REGULAR && p->kind == KIND_FAQ &&
		    exists(c, p))
			c->r->faqs++;
		if (sop == NULL || !exists(c, p))
			continue;
		c->r->sops++;
		if (sop->query_url[0] != '\0') {
			c->r->sops_with_lookup++;
		} else if (named++ < MAX_NAMED) {
			buf_printf(&without, "%s%s", without.len ? "、" : "",
			    p->rel);
		}
	}
	if (c->r->sops_with_lookup < MIN_LOOKUPS)
		add(c, RULE_SOP, AUDIT_OWED, folder(c, "sop"), 0,
		    arena_printf(c->a, "提供線上案件進度查詢的標準作業程序有 %zu "
		    "項，至少需要 %d 項 (only %zu SOPs have an online progress "
		    "lookup; %d required)", c->r->sops_with_lookup, MIN_LOOKUPS,
		    c->r->sops_with_lookup, MIN_LOOKUPS),
		    arena_printf(c->a, "請建立案件進度查詢機制，並在標準作業程序的"
		    "前置資料寫上 query_url（查詢網址）%s%s%s (add query_url to "
		    "the SOPs whose cases can be looked up)", without.len ?
		    "；尚未提供的有：" : "；請先在 content/sop/ 建立標準作業程序",
		    buf_cstr(&without), named > MAX_NAMED ? "…" : ""));
	buf_free(&without);
	if (c->r->faqs == 0)
		add(c, RULE_FAQ, AUDIT_OWED, folder(c, "faq"), 0,
		    "尚未建立常見問題集 (no FAQ)",
		    "請在 content/faq/ 以一題一檔新增常見問題，並以 category "
		    "分類；依民眾意見按季檢討 (add FAQ entries, one question per "
		    "file, with a category)");
}

/* 肆、四.1: the five disclosures site.yaml names. */
static void
rule_disclosures(struct actx *c)
{
	static const char *const examples[NDISCLOSURES] = {
		"about/profile.md", "about/core-policies.md", "plans/",
		"about/service-measures.md", "about/budget.md" };
	const struct config *cfg = c->s->cfg;
	const struct audit_config *au = &cfg->audit;
	struct buf rel = BUF_INIT;
	size_t i;

	for (i = 0; i < NDISCLOSURES; i++) {
		const char *key = config_disclosure_key((enum disclosure)i);
		const char *name = config_disclosure_name((enum disclosure)i);
		const char *path = au->disclosures[i];
		const struct page *p;

		if (path == NULL) {
			add(c, RULE_DISCLOSURE, AUDIT_OWED, cfg->path,
			    au->line ? au->line : 1,
			    arena_printf(c->a, "site.yaml 沒有指定「%s」由哪一頁公開 "
			    "(disclosure %s not declared)", name, key),
			    arena_printf(c->a, "請公開%s，並在 site.yaml 的 audit."
			    "disclosures.%s 寫上該頁在 content/ 之下的檔案，例如 "
			    "%s (declare the page in audit.disclosures.%s)", name,
			    key, examples[i], key));
			continue;
		}
		buf_reset(&rel);
		buf_puts(&rel, path[0] == '/' ? path + 1 : path);
		if (rel.len > 0 && rel.data[rel.len - 1] == '/')
			buf_puts(&rel, "_index.md");
		p = site_find_page(c->s, buf_cstr(&rel));
		if (p == NULL && strchr(buf_cstr(&rel), '.') == NULL) {
			/* a section named without its slash: "plans" */
			buf_puts(&rel, "/_index.md");
			p = site_find_page(c->s, buf_cstr(&rel));
		}
		if (p == NULL || !exists(c, p))
			add(c, RULE_DISCLOSURE, AUDIT_OWED, cfg->path,
			    au->disclosure_pos[i].line,
			    arena_printf(c->a, "「%s」指定的 %s 不存在、是草稿或尚未"
			    "發布 (the page declared for %s is missing)", name,
			    path, key),
			    arena_printf(c->a, "請建立並發布 content/%s，或更正 "
			    "audit.disclosures.%s (create the page or fix the "
			    "path)", buf_cstr(&rel), key));
	}
	buf_free(&rel);
}

/* 肆、四.3: an opinion channel. */
static void
rule_feedback(struct actx *c)
{
	const struct config *cfg = c->s->cfg;
	const char *u = cfg->agency.feedback_url;

	if (u[0] == '\0') {
		add(c, RULE_FEEDBACK, AUDIT_OWED, cfg->path, 1,
		    "沒有設定民眾意見反映管道 agency.feedback_url (no opinion "
		    "channel configured)",
		    "請設置意見信箱或留言板，並在 site.yaml 的 agency.feedback_url "
		    "填入其網址或本網站的頁面路徑 (set agency.feedback_url)");
		return;
	}
	if (u[0] == '/' && site_find_url(c->s, u) == NULL)
		add(c, RULE_FEEDBACK, AUDIT_OWED, cfg->path, 1,
		    arena_printf(c->a, "意見反映管道 %s 找不到對應的頁面 (the "
		    "feedback page does not exist)", u),
		    "請建立該頁面，或更正 agency.feedback_url (create the page or "
		    "fix the URL)");
}

/* 肆、四.2: every page carries all three classifications. */
static void
rule_classified(struct actx *c)
{
	const struct site *s = c->s;
	struct buf zh = BUF_INIT, en = BUF_INIT;
	size_t i;
	int sc;

	for (i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];

		if (!is_content(p) || !exists(c, p))
			continue;
		buf_reset(&zh);
		buf_reset(&en);
		for (sc = 0; sc < NSCHEMES; sc++)
			if (page_codes(p, (enum scheme)sc)->n == 0) {
				buf_printf(&zh, "%s%s", zh.len ? "、" : "",
				    classify_label((enum scheme)sc));
				buf_printf(&en, "%s%s", en.len ? ", " : "",
				    classify_key((enum scheme)sc));
			}
		if (zh.len > 0)
			add(c, RULE_CLASSIFIED, AUDIT_OWED, p->path, 1,
			    arena_printf(c->a, "本頁缺少%s代碼 (missing "
			    "classification: %s)", buf_cstr(&zh), buf_cstr(&en)),
			    "請在前置資料加上 theme、cake、service 三種分類代碼，"
			    "代碼見網站的「分類檢索」 (add the theme, cake and "
			    "service codes)");
	}
	buf_free(&zh);
	buf_free(&en);
}

/* d plus n months (the day kept, or the month's last day). */
static struct date
add_months(struct date d, long n)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };
	long m = (long)d.year * 12 + (d.month - 1) + n;
	int last;

	d.year = (int)(m / 12);
	d.month = (int)(m % 12) + 1;
	last = dm[d.month - 1] + (d.month == 2 && ((d.year % 4 == 0 &&
	    d.year % 100 != 0) || d.year % 400 == 0));
	if (d.day > last)
		d.day = last;
	return d;
}

/* Plans, reports and news are records: approved or published as they
 * are, and amended rather than kept current. Everything else (basic
 * information, SOPs, FAQ, other pages) is expected to change. */
static int
is_record(const struct page *p)
{
	return p->kind == KIND_PLAN || p->kind == KIND_REPORT ||
	    p->kind == KIND_NEWS;
}

/* 肆、四.1 (即時更新): nothing unchanged for more than stale_months. */
static void
rule_stale(struct actx *c)
{
	const struct site *s = c->s;
	size_t i;

	for (i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];
		struct date u, limit;

		if (p->generated || p->type != PAGE_REGULAR || !exists(c, p) ||
		    is_record(p))
			continue;
		u = page_updated(p);
		if (u.year == 0)
			continue;
		limit = add_months(u, c->r->stale_months);
		if (date_cmp(&c->today, &limit) > 0)
			add(c, RULE_STALE, AUDIT_OWED, p->path, 1,
			    arena_printf(c->a, "本頁自 %s 起未曾更新，已超過 %ld "
			    "個月 (unchanged since %04d-%02d-%02d, more than %ld "
			    "months)", roc(c, &u), c->r->stale_months, u.year,
			    u.month, u.day, c->r->stale_months),
			    "請檢視內容是否仍然正確並更新後提交；內容不再適用時請"
			    "移除 (review the page and commit an update)");
	}
}

void
audit_run(struct arena *a, const struct site *s, struct date today,
    struct audit_report *r)
{
	const struct config *cfg = s->cfg;
	struct actx c = { a, s, r, today, 0 };

	memset(r, 0, sizeof(*r));
	r->site_title = arena_strdup(a, cfg->title);
	r->agency = arena_strdup(a, cfg->agency.name[0] ? cfg->agency.name :
	    cfg->title);
	r->supervisor = arena_strdup(a, cfg->audit.supervisor);
	r->base_path = arena_strdup(a, cfg->base_path);
	if (s->audit_page != NULL)
		r->audit_url = site_link(a, s, s->audit_page->url);
	r->today = today;
	r->year = today.year - 1911;
	r->stale_months = cfg->audit.stale_months;
	rule_plan(&c);
	rule_reports(&c);
	rule_sop_faq(&c);
	rule_disclosures(&c);
	rule_feedback(&c);
	rule_classified(&c);
	rule_stale(&c);
}

/* ------------------------------------------------------------------ */
/* Output                                                              */

static void
put_date(struct arena *a, struct value *m, const char *key,
    const struct date *d, enum date_format df)
{
	char buf[32];

	date_iso(d, buf, sizeof(buf));
	value_map_str(a, m, key, buf);
	date_display(d, df, buf, sizeof(buf));
	value_map_str(a, m, arena_printf(a, "%s_display", key), buf);
}

static struct value *
plan_value(struct arena *a, const struct audit_plan *ap, enum date_format df)
{
	struct value *m = value_map(a), *qs = value_list(a);
	int q;

	value_map_num(a, m, "year", ap->year);
	value_map_str(a, m, "title", ap->title);
	value_map_str(a, m, "path", ap->path);
	value_map_str(a, m, "url", ap->url);
	put_date(a, m, "published", &ap->published, df);
	for (q = 0; q < 4; q++) {
		const struct audit_quarter *aq = &ap->q[q];
		struct value *it = value_map(a);

		value_map_num(a, it, "quarter", q + 1);
		put_date(a, it, "due", &aq->due, df);
		value_map_str(a, it, "state", audit_state_key(aq->state));
		value_map_str(a, it, "state_label",
		    audit_state_label(aq->state));
		value_map_bool(a, it, "is_owed", aq->state == REPORT_OWED);
		value_map_bool(a, it, "is_late", aq->state == REPORT_LATE);
		value_map_bool(a, it, "has_report", aq->path != NULL);
		if (aq->path != NULL) {
			put_date(a, it, "published", &aq->published, df);
			value_map_str(a, it, "path", aq->path);
			value_map_str(a, it, "url", aq->url);
		}
		value_list_push(a, qs, it);
	}
	value_map_set(a, m, "reports", qs);
	return m;
}

struct value *
audit_value(struct arena *a, const struct audit_report *r,
    enum date_format df)
{
	struct value *m = value_map(a), *l, *it;
	size_t i;

	value_map_str(a, m, "site", r->site_title);
	value_map_str(a, m, "agency", r->agency);
	value_map_str(a, m, "supervisor", r->supervisor);
	if (r->audit_url != NULL)
		value_map_str(a, m, "audit_url", r->audit_url);
	put_date(a, m, "today", &r->today, df);
	value_map_num(a, m, "year", r->year);
	value_map_num(a, m, "stale_months", (double)r->stale_months);
	value_map_bool(a, m, "ok", r->owed == 0);
	value_map_num(a, m, "owed", (double)r->owed);
	value_map_num(a, m, "notes", (double)r->notes);
	value_map_bool(a, m, "has_notes", r->notes > 0);

	l = value_list(a);
	for (i = 0; i < NRULES; i++) {
		it = value_map(a);
		value_map_str(a, it, "key", rules[i].key);
		value_map_str(a, it, "section", rules[i].section);
		value_map_str(a, it, "title", rules[i].title);
		value_map_num(a, it, "owed", (double)r->rule_owed[i]);
		value_map_bool(a, it, "ok", r->rule_owed[i] == 0);
		value_list_push(a, l, it);
	}
	value_map_set(a, m, "rules", l);

	l = value_list(a);
	for (i = 0; i < r->nfindings; i++) {
		const struct audit_finding *f = &r->findings[i];

		it = value_map(a);
		value_map_str(a, it, "rule", rules[f->rule].key);
		value_map_str(a, it, "section", rules[f->rule].section);
		value_map_str(a, it, "rule_title", rules[f->rule].title);
		value_map_str(a, it, "level", audit_level_key(f->level));
		value_map_str(a, it, "level_label", audit_level_label(f->level));
		value_map_bool(a, it, "is_owed", f->level == AUDIT_OWED);
		value_map_str(a, it, "path", f->path);
		value_map_num(a, it, "line", f->line);
		value_map_str(a, it, "message", f->message);
		value_map_str(a, it, "action", f->action);
		value_list_push(a, l, it);
	}
	value_map_set(a, m, "findings", l);
	value_map_bool(a, m, "has_findings", r->nfindings > 0);

	value_map_bool(a, m, "plan_published", r->plan_published);
	l = value_list(a);
	for (i = 0; i < r->nplans; i++)
		value_list_push(a, l, plan_value(a, &r->plans[i], df));
	value_map_set(a, m, "plans", l);
	value_map_bool(a, m, "has_plans", r->nplans > 0);
	it = value_map(a);
	value_map_num(a, it, "total", (double)r->sops);
	value_map_num(a, it, "with_lookup", (double)r->sops_with_lookup);
	value_map_set(a, m, "sops", it);
	value_map_num(a, m, "faqs", (double)r->faqs);
	return m;
}

void
audit_print(FILE *f, const struct audit_report *r)
{
	char d[32], iso[32];
	size_t i;

	date_display(&r->today, DATE_ROC, d, sizeof(d));
	date_iso(&r->today, iso, sizeof(iso));
	fprintf(f, "服務品質自我檢核 (audit)：%s\n", r->site_title);
	fprintf(f, "基準日 (as of)：%s (%s)，民國 %d 年\n\n", d, iso, r->year);
	for (i = 0; i < r->nfindings; i++) {
		const struct audit_finding *x = &r->findings[i];

		fprintf(f, "%s:%d: %s (%s) [%s %s] %s\n", x->path,
		    x->line ? x->line : 1, audit_level_label(x->level),
		    audit_level_key(x->level), rules[x->rule].section,
		    rules[x->rule].title, x->message);
		fprintf(f, "    → %s\n", x->action);
	}
	if (r->nfindings > 0)
		fputc('\n', f);
	fputs("檢核項目 (rules):\n", f);
	for (i = 0; i < NRULES; i++) {
		if (r->rule_owed[i] == 0)
			fprintf(f, "  %s %s：符合 (ok)\n", rules[i].section,
			    rules[i].title);
		else
			fprintf(f, "  %s %s：%zu 項應辦 (%zu owed)\n",
			    rules[i].section, rules[i].title, r->rule_owed[i],
			    r->rule_owed[i]);
	}
	fprintf(f, "\n%zu 項應辦、%zu 項提醒 (%zu owed, %zu notes)\n", r->owed,
	    r->notes, r->owed, r->notes);
}

int
audit_today(const char *zone, struct date *out)
{
	struct history_tz *tz = NULL;
	long long t = (long long)time(NULL);
	int off = 0, rc = 0;
	long long days;

	if (history_tz_load(zone, &tz) < 0)
		rc = -1;
	else
		off = history_tz_offset(tz, t);
	history_tz_free(tz);
	t += off;
	days = t / 86400 - (t % 86400 < 0);
	*out = date_from_days((long)days);
	return rc;
}
