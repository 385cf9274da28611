#ifndef GONGKAI_KINDS_H
#define GONGKAI_KINDS_H
/*
 * kinds: the front matter that only one content kind has, and the checks
 * that tie pages of different kinds together (issue 6).
 *
 *   plan    year (ROC), items: id, area 實施要項, strategy 推動策略及方法,
 *           owner 承辦單位, due 完成期限, indicator 量化指標 (target, unit),
 *           benefit 預期效益
 *   report  plan, year, quarter, items: id, status, achieved, narrative
 *   faq     category, related
 *   sop     time_limit 辦理時限, documents 應檢附文件, fee, window 受理窗口,
 *           query_url 案件進度查詢, steps (else the body's ordered list
 *           under 作業流程)
 *   news    category: 最新消息, 新聞稿 or 澄清
 *
 * frontmatter.c calls kinds_known_key for every key it does not know and
 * kinds_parse after its own keys; the build calls kinds_link once the
 * model exists (site_build), to resolve report -> plan and FAQ related
 * links. Everything is allocated in the site's arena.
 */
#include <stddef.h>

#include "arena.h"
#include "date.h"
#include "site.h"
#include "strlist.h"

struct ynode;

/* The status of a plan item in a quarterly report. */
enum item_status {
	STATUS_NONE,		/* not reported */
	STATUS_NOT_STARTED,	/* 未開始 */
	STATUS_IN_PROGRESS,	/* 進行中 */
	STATUS_DONE,		/* 完成 */
	STATUS_BEHIND		/* 落後 */
};
#define NSTATUS	5

/* 完成期限: a date, or an ROC year-month (104-06, 104年6月) meaning the end
 * of that month. year 0 when not given. */
struct due {
	struct date	 date;
	int		 month_only;
};

struct plan_item {
	const char	*id;		/* "一-1": unique in the plan */
	const char	*area;		/* 實施要項 */
	const char	*strategy;	/* 推動策略及方法 */
	const char	*owner;		/* 承辦單位 */
	struct due	 due;		/* 完成期限 */
	const char	*indicator;	/* 量化指標, "" when not given */
	double		 target;	/* numeric target, when has_target */
	int		 has_target;
	const char	*unit;		/* of target and achieved: 人次 */
	const char	*benefit;	/* 預期效益, "" when not given */
	struct srcpos	 pos;		/* of the item, for diagnostics */
};

struct report_item {
	const char	*id;
	enum item_status status;
	const char	*achieved;	/* as written; "" when not given */
	double		 achieved_num;	/* when has_num (a plain number) */
	int		 has_num;
	const char	*narrative;	/* "" when not given */
	struct srcpos	 pos;
	const struct plan_item *item;	/* in the plan (kinds_link) */
};

struct plan_data {
	int		 year;		/* ROC; 0 when not given */
	struct plan_item *items;
	size_t		 nitems;
	int		 has_items;	/* `items` was given */
	/* reports on this plan by quarter (kinds_link); NULL when none */
	struct page	*reports[4];
};

struct report_data {
	const char	*plan_ref;	/* as written; NULL when not given */
	struct srcpos	 plan_pos;
	int		 year;		/* ROC; 0 when not given */
	int		 quarter;	/* 1-4; 0 when not given */
	struct srcpos	 quarter_pos;
	struct report_item *items;
	size_t		 nitems;
	struct page	*plan;		/* resolved by kinds_link */
};

struct related_link {
	const char	*ref;		/* as written */
	const char	*title;		/* for external links; NULL */
	struct srcpos	 pos;
	const struct page *page;	/* a content page (kinds_link), or NULL
					 * for an external URL */
};

struct faq_data {
	const char	*category;	/* "" when not given */
	struct related_link *related;
	size_t		 nrelated;
};

struct sop_data {
	const char	*time_limit;	/* 辦理時限; "" when not given */
	struct strlist	 documents;	/* 應檢附文件 */
	const char	*fee;		/* "" when not given */
	const char	*window;	/* 受理窗口; "" when not given */
	const char	*query_url;	/* 案件進度查詢; "" when not given */
	struct strlist	 steps;		/* 作業流程, as plain text */
	int		 steps_from_body; /* taken from the body's list */
};

struct news_data {
	const char	*category;	/* 最新消息, 新聞稿 or 澄清 */
};

struct kinddata {
	struct plan_data	plan;
	struct report_data	report;
	struct faq_data		faq;
	struct sop_data		sop;
	struct news_data	news;
};

/*
 * 1 when key belongs to p's kind (p->kind, p->type set). Otherwise
 * returns 0 after warning at the key's position: an unknown key, or one
 * that belongs to another kind (「items」只用於施政計畫).
 */
int	kinds_known_key(const struct page *p, const struct ynode *key);

/*
 * Read the kind-specific keys of root (the front matter mapping; NULL for
 * a page without front matter) into p->kd, allocated in a. Regular pages
 * of kinds plan, report, faq, sop and news only; others are left alone.
 * Sets defaults: a plan's or report's coverage from its year and quarter,
 * an SOP's steps from its body. Returns 0, or -1 after reporting errors.
 */
int	kinds_parse(struct arena *a, struct page *p, const struct ynode *root);

/*
 * After site_build: resolve every report's plan and check its year,
 * quarter and item ids against the plan; resolve FAQ `related` links.
 * Problems are errors (or warnings) at the front matter's line:col.
 * Returns the number of errors.
 */
int	kinds_link(struct site *s);

/* Display name of a status: 完成, 進行中, …; "未填報" for STATUS_NONE. */
const char	*kinds_status_label(enum item_status st);
/* Machine name: done, in_progress, behind, not_started, none. */
const char	*kinds_status_key(enum item_status st);
/* The kind's data of p, or NULL. */
const struct plan_data	 *kinds_plan(const struct page *p);
const struct report_data *kinds_report(const struct page *p);
const struct faq_data	 *kinds_faq(const struct page *p);
const struct sop_data	 *kinds_sop(const struct page *p);
const struct news_data	 *kinds_news(const struct page *p);
/* The item of plan with this id, or NULL. */
const struct plan_item	*kinds_plan_item(const struct plan_data *pl,
			    const char *id);
/* The status of item in the plan's report for quarter q (1-4); the
 * report item in *out when one exists. STATUS_NONE when not reported. */
enum item_status	 kinds_item_status(const struct plan_data *pl,
			    const char *id, int q, const struct report_item **out);
/* 完成期限 as shown: "104-06-30" / "2015-06-30" for a date, "104年6月" /
 * "2015-06" for a year-month. "" when not given. Allocated in a. */
const char	*kinds_due_text(struct arena *a, const struct due *d,
		    enum date_format f);
/* The last day a quarterly report of ROC year y, quarter q (1-4), may be
 * published (陸、四): 30 April, 31 July, 31 October, 20 January of y+1. */
struct date	 kinds_report_due(int year, int quarter);

#endif
