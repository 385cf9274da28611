#ifndef GONGKAI_AUDIT_H
#define GONGKAI_AUDIT_H
/*
 * audit: what an agency still owes under the Ministry of Justice's
 * service-quality plan (seed/moj-service-quality-plan-104.txt), checked
 * on the site model as of a given day (issue 6).
 *
 * Rules, by the section of the plan they come from:
 *   捌、一    a plan for the current ROC year is published
 *   陸、四    each quarterly report of the current (and last) year's plan
 *             is published by its due date: 30 April, 31 July, 31 October
 *             and 20 January of the next year
 *   肆、二.4  at least five SOPs have an online progress lookup
 *   肆、三.5  an FAQ exists
 *   肆、四.1  the five basic disclosures exist (site.yaml's
 *             audit.disclosures says which page is which), and no page has
 *             gone unchanged (page_updated: lastmod, else its newest
 *             commit, else date) for more than audit.stale_months; plans,
 *             reports and news are records and exempt
 *   肆、四.3  an opinion channel (agency.feedback_url) is configured
 *   肆、四.2  every page carries all three classifications
 *
 * Content dated after the audit day does not exist yet for the audit, so
 * an audit as of a past day is what that day looked like. The report is
 * self-contained: every string is copied into the arena passed in, so it
 * outlives the site.
 */
#include <stdio.h>

#include "arena.h"
#include "buf.h"
#include "date.h"
#include "site.h"
#include "value.h"

enum audit_level {
	AUDIT_OWED,	/* 應辦: --strict exits 1 */
	AUDIT_NOTE	/* 提醒: a late report, a report due soon */
};

enum audit_rule {
	RULE_PLAN,		/* 捌、一 */
	RULE_REPORTS,		/* 陸、四 */
	RULE_SOP,		/* 肆、二.4 */
	RULE_FAQ,		/* 肆、三.5 */
	RULE_DISCLOSURE,	/* 肆、四.1 */
	RULE_FEEDBACK,		/* 肆、四.3 */
	RULE_CLASSIFIED,	/* 肆、四.2 */
	RULE_STALE,		/* 肆、四.1 (kept current) */
	NRULES
};

struct audit_finding {
	enum audit_rule	 rule;
	enum audit_level level;
	const char	*path;		/* the file or folder concerned */
	int		 line;		/* in path; 0 when not one place */
	const char	*message;	/* what is wrong, Chinese (English) */
	const char	*action;	/* what to do, Chinese (English) */
};

/* A quarterly report's standing on the audit day. */
enum report_state {
	REPORT_ON_TIME,		/* published by its due date */
	REPORT_LATE,		/* published after it */
	REPORT_OWED,		/* missing, and the due date has passed */
	REPORT_PENDING		/* missing, not due yet */
};

struct audit_quarter {
	enum report_state state;
	struct date	 due;
	struct date	 published;	/* year 0 when missing */
	const char	*path;		/* the report's file, or NULL */
	const char	*url;		/* its link (site_link), or NULL */
};

/* A plan of the audited years, with its reports. */
struct audit_plan {
	int		 year;		/* ROC */
	const char	*title;
	const char	*path;
	const char	*url;
	struct date	 published;
	struct audit_quarter q[4];
};

struct audit_report {
	const char	*site_title;
	const char	*agency;
	const char	*supervisor;
	const char	*audit_url;	/* /audit/ link when published, or NULL */
	const char	*base_path;	/* the site's, which every link starts
					 * with ("/" or "/all/agency/") */
	struct date	 today;
	int		 year;		/* ROC year of today */
	long		 stale_months;

	struct audit_finding *findings;	/* rule order, then path */
	size_t		 nfindings;
	size_t		 owed, notes;
	size_t		 rule_owed[NRULES];

	/* for the supervision page */
	int		 plan_published;	/* a plan of `year` */
	struct audit_plan *plans;	/* last year's, then this year's */
	size_t		 nplans;
	size_t		 sops, sops_with_lookup, faqs;
};

/*
 * Run every rule on s (after site_build and revisions_attach) as of
 * today, filling *r; strings are copied into a. Never fails.
 */
void	audit_run(struct arena *a, const struct site *s, struct date today,
	    struct audit_report *r);

/* The section of the plan a rule comes from (捌、一) and its name. */
const char	*audit_rule_section(enum audit_rule rule);
const char	*audit_rule_title(enum audit_rule rule);
/* "owed" / "note"; 應辦 / 提醒. */
const char	*audit_level_key(enum audit_level l);
const char	*audit_level_label(enum audit_level l);
/* on_time, late, owed, pending; 準時, 逾期, 未提報, 未屆期. */
const char	*audit_state_key(enum report_state st);
const char	*audit_state_label(enum report_state st);

/* The report as a value tree (allocated in a): the --json output and
 * the context of the /audit/ and supervision pages. df formats the
 * display dates. */
struct value	*audit_value(struct arena *a, const struct audit_report *r,
		    enum date_format df);

/* Human-readable report: one block per finding, the rules, a summary
 * line ("N 項應辦、M 項提醒 (N owed, M notes)"). */
void	audit_print(FILE *f, const struct audit_report *r);

/*
 * Today in the named time zone (site.yaml's timezone), from the clock:
 * for `gongkai audit` without --today. 0, or -1 for an unknown zone (the
 * date is then UTC's).
 */
int	audit_today(const char *zone, struct date *out);

#endif
