/* Unit tests for audit.c: every rule owed and satisfied, as of a given
 * day (never the clock), and the shape of the JSON. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "config.h"
#include "diag.h"
#include "frontmatter.h"
#include "fs.h"
#include "json.h"
#include "kinds.h"
#include "site.h"

struct fx {
	char		*dir;
	struct config	 cfg;
	struct site	 s;
	struct arena	 a;	/* the audit's */
	struct audit_report r;
};

static const char *const YAML_FULL =
    "title: 測試署\nbase_url: https://t.example/\n"
    "agency:\n  name: 測試地方檢察署\n  feedback_url: /about/contact/\n"
    "audit:\n  stale_months: 12\n  disclosures:\n"
    "    profile: about/profile.md\n    core_policies: about/policies.md\n"
    "    plan: plans/\n    service_measures: about/services.md\n"
    "    budget: about/budget.md\n";

#define CODES "theme: [\"610\"]\ncake: [\"811\"]\nservice: [\"I00\"]\n"

/* A page of the basic disclosures and the FAQ: all classified. */
static const char *const BASIC[] = {
	"about/profile.md", "---\ntitle: 機關簡介\ndate: 2015-01-05\n" CODES
	    "---\n",
	"about/policies.md", "---\ntitle: 核心政策\ndate: 2015-01-05\n" CODES
	    "---\n",
	"about/services.md", "---\ntitle: 服務措施\ndate: 2015-01-05\n" CODES
	    "---\n",
	"about/budget.md", "---\ntitle: 預決算\ndate: 2015-01-05\n" CODES
	    "---\n",
	"about/contact.md", "---\ntitle: 聯絡我們\ndate: 2015-01-05\n" CODES
	    "---\n",
	"faq/a.md", "---\ntitle: 問\ndate: 2015-03-01\ncategory: c\n" CODES
	    "---\n",
	"plans/p104.md", "---\ntitle: 104年計畫\ndate: 2015-01-05\nyear: 104\n"
	    "items:\n  - {id: A, area: 一, strategy: s, owner: o}\n" CODES "---\n",
	NULL
};

static void
sop(char *rel, size_t rn, char *text, size_t tn, int i, int lookup)
{
	snprintf(rel, rn, "sop/s%d.md", i);
	snprintf(text, tn, "---\ntitle: 程序%d\ndate: 2015-03-01\n%s"
	    "steps: [一]\n" CODES "---\n", i, lookup ?
	    "query_url: https://demo.gongkai.example/query/\n" : "");
}

static void
add_page(struct fx *f, const char *rel, const char *text)
{
	struct page *p = arena_alloc(&f->s.arena, sizeof(*p));
	const char *slash = strchr(rel, '/');

	p->rel = arena_strdup(&f->s.arena, rel);
	p->path = arena_printf(&f->s.arena, "content/%s", rel);
	p->section = slash ? arena_strndup(&f->s.arena, rel,
	    (size_t)(slash - rel)) : "";
	p->type = PAGE_REGULAR;
	p->kind = page_kind_for_section(p->section);
	text = arena_strdup(&f->s.arena, text);
	frontmatter_parse(&f->s.arena, text, strlen(text), p);
	site_add_page(&f->s, p);
}

/* A site from site.yaml text, the basic pages, nsops SOPs of which
 * nlookup have a progress lookup, and the pages in extra (rel, text, …,
 * NULL). */
static void
load(struct fx *f, const char *yaml, int basic, int nsops, int nlookup,
    const char *const *extra)
{
	char tmpl[] = "/tmp/gongkai-audit-XXXXXX", *path;
	char rel[64], text[512];
	size_t i;
	int k;

	memset(f, 0, sizeof(*f));
	diag_set_quiet(1);
	diag_reset();
	f->dir = strdup(mkdtemp(tmpl));
	path = fs_join(f->dir, "site.yaml");
	assert_int_equal(fs_write_file(path, yaml, strlen(yaml)), 0);
	free(path);
	assert_int_equal(config_load(f->dir, &f->cfg), 0);
	site_init(&f->s, &f->cfg);
	f->s.content_dir = "content";
	for (i = 0; basic && BASIC[i] != NULL; i += 2)
		add_page(f, BASIC[i], BASIC[i + 1]);
	for (k = 0; k < nsops; k++) {
		sop(rel, sizeof(rel), text, sizeof(text), k, k < nlookup);
		add_page(f, rel, text);
	}
	for (i = 0; extra != NULL && extra[i] != NULL; i += 2)
		add_page(f, extra[i], extra[i + 1]);
	assert_int_equal(site_build(&f->s), 0);
	assert_int_equal(kinds_link(&f->s), 0);
	assert_int_equal(diag_errors(), 0);
}

static void
run(struct fx *f, const char *today)
{
	struct date d;

	assert_int_equal(date_parse(today, &d), 0);
	arena_free(&f->a);
	audit_run(&f->a, &f->s, d, &f->r);
}

static void
unload(struct fx *f)
{
	arena_free(&f->a);
	site_free(&f->s);
	config_free(&f->cfg);
	fs_remove_tree(f->dir);
	free(f->dir);
	diag_set_quiet(0);
	diag_reset();
}

/* The first finding of a rule, or NULL. */
static const struct audit_finding *
finding(const struct fx *f, enum audit_rule rule, enum audit_level level)
{
	size_t i;

	for (i = 0; i < f->r.nfindings; i++)
		if (f->r.findings[i].rule == rule &&
		    f->r.findings[i].level == level)
			return &f->r.findings[i];
	return NULL;
}

/* ------------------------------------------------------------------ */

static void
test_everything_satisfied(void **state)
{
	struct fx f;
	size_t i;

	(void)state;
	load(&f, YAML_FULL, 1, 5, 5, NULL);
	/* the first report is due 30 April: more than 30 days away */
	run(&f, "2015-03-31");
	assert_int_equal(f.r.notes, 1);
	run(&f, "2015-03-15");
	for (i = 0; i < f.r.nfindings; i++)
		fprintf(stderr, "unexpected: %s %s\n", f.r.findings[i].path,
		    f.r.findings[i].message);
	assert_int_equal(f.r.nfindings, 0);
	assert_int_equal(f.r.owed, 0);
	assert_int_equal(f.r.year, 104);
	assert_int_equal(f.r.plan_published, 1);
	assert_int_equal(f.r.sops, 5);
	assert_int_equal(f.r.sops_with_lookup, 5);
	assert_int_equal(f.r.faqs, 1);
	assert_string_equal(audit_rule_section(RULE_REPORTS), "陸、四");
	assert_string_equal(audit_rule_section(RULE_SOP), "肆、二.4");
	assert_string_equal(audit_rule_section(RULE_CLASSIFIED), "肆、四.2");
	unload(&f);
}

/* 捌、一: this year's plan, published by the audit day. */
static void
test_rule_plan(void **state)
{
	const struct audit_finding *x;
	struct fx f;

	(void)state;
	load(&f, YAML_FULL, 1, 5, 5, NULL);
	run(&f, "2015-06-01");
	assert_null(finding(&f, RULE_PLAN, AUDIT_OWED));
	/* a new year without its plan */
	run(&f, "2016-01-04");
	x = finding(&f, RULE_PLAN, AUDIT_OWED);
	assert_non_null(x);
	assert_string_equal(x->path, "content/plans/");
	assert_non_null(strstr(x->message, "105 年度"));
	assert_non_null(strstr(x->action, "year: 105"));
	assert_int_equal(f.r.plan_published, 0);
	/* dated after the audit day: not published yet */
	run(&f, "2015-01-02");
	assert_non_null(finding(&f, RULE_PLAN, AUDIT_OWED));
	unload(&f);
}

/* 陸、四: on time, late, owed, pending, due soon. */
static void
test_rule_reports(void **state)
{
	static const char *const reports[] = {
		"reports/q1.md", "---\ntitle: 第1季\ndate: 2015-04-30\n"
		    "plan: plans/p104.md\nquarter: 1\nitems: [{id: A, status: 完成}]\n"
		    CODES "---\n",
		"reports/q2.md", "---\ntitle: 第2季\ndate: 2015-08-05\n"
		    "plan: plans/p104.md\nquarter: 2\nitems: [{id: A, status: 完成}]\n"
		    CODES "---\n",
		NULL
	};
	const struct audit_finding *x;
	struct fx f;

	(void)state;
	load(&f, YAML_FULL, 1, 5, 5, reports);

	run(&f, "2015-10-20");
	assert_int_equal(f.r.nplans, 1);
	assert_int_equal(f.r.plans[0].year, 104);
	assert_int_equal(f.r.plans[0].q[0].state, REPORT_ON_TIME);
	assert_int_equal(f.r.plans[0].q[1].state, REPORT_LATE);
	assert_int_equal(f.r.plans[0].q[2].state, REPORT_PENDING);
	assert_int_equal(f.r.plans[0].q[3].state, REPORT_PENDING);
	assert_int_equal(f.r.plans[0].q[3].due.year, 2016);
	assert_int_equal(f.r.plans[0].q[3].due.day, 20);
	assert_null(finding(&f, RULE_REPORTS, AUDIT_OWED));
	/* the late one and the one due in 11 days are reminders */
	x = finding(&f, RULE_REPORTS, AUDIT_NOTE);
	assert_non_null(x);
	assert_string_equal(x->path, "content/reports/q2.md");
	assert_non_null(strstr(x->message, "104-08-05"));
	assert_int_equal(f.r.notes, 2);

	/* the day after the due date, the third is owed */
	run(&f, "2015-11-01");
	assert_int_equal(f.r.plans[0].q[2].state, REPORT_OWED);
	x = finding(&f, RULE_REPORTS, AUDIT_OWED);
	assert_non_null(x);
	assert_string_equal(x->path, "content/reports/");
	assert_non_null(strstr(x->message, "第 3 季"));
	assert_non_null(strstr(x->action, "plan: plans/p104.md"));
	assert_non_null(strstr(x->action, "quarter: 3"));
	assert_int_equal(f.r.rule_owed[RULE_REPORTS], 1);

	/* on the due date itself it is not late yet */
	run(&f, "2015-10-31");
	assert_int_equal(f.r.plans[0].q[2].state, REPORT_PENDING);

	/* next January: last year's plan still counts; Q4 after 20 January */
	run(&f, "2016-01-20");
	assert_int_equal(f.r.nplans, 1);
	assert_int_equal(f.r.plans[0].q[3].state, REPORT_PENDING);
	run(&f, "2016-01-21");
	assert_int_equal(f.r.plans[0].q[3].state, REPORT_OWED);
	assert_int_equal(f.r.rule_owed[RULE_REPORTS], 2);

	/* a report dated after the audit day does not exist yet */
	run(&f, "2015-04-29");
	assert_int_equal(f.r.plans[0].q[0].state, REPORT_PENDING);
	unload(&f);
}

/* 肆、二.4 and 肆、三.5 */
static void
test_rule_sop_faq(void **state)
{
	const struct audit_finding *x;
	struct fx f;

	(void)state;
	load(&f, YAML_FULL, 1, 6, 4, NULL);
	run(&f, "2015-06-01");
	x = finding(&f, RULE_SOP, AUDIT_OWED);
	assert_non_null(x);
	assert_string_equal(x->path, "content/sop/");
	assert_non_null(strstr(x->message, "有 4 項，至少需要 5 項"));
	assert_non_null(strstr(x->action, "sop/s4.md、sop/s5.md"));
	assert_int_equal(f.r.sops, 6);
	assert_int_equal(f.r.sops_with_lookup, 4);
	assert_null(finding(&f, RULE_FAQ, AUDIT_OWED));
	unload(&f);

	load(&f, YAML_FULL, 0, 5, 5, NULL);
	run(&f, "2015-06-01");
	assert_null(finding(&f, RULE_SOP, AUDIT_OWED));
	x = finding(&f, RULE_FAQ, AUDIT_OWED);
	assert_non_null(x);
	assert_string_equal(x->path, "content/faq/");
	unload(&f);
}

/* 肆、四.1: declared, missing, undeclared. */
static void
test_rule_disclosures(void **state)
{
	static const char *const yaml =
	    "title: t\nbase_url: https://t.example/\n"
	    "agency:\n  feedback_url: https://mail.example/\n"
	    "audit:\n  disclosures:\n    profile: about/profile.md\n"
	    "    core_policies: about/missing.md\n    plan: plans\n"
	    "    budget: /about/budget.md\n";
	const struct audit_finding *x;
	struct fx f;
	size_t i, n = 0;

	(void)state;
	load(&f, yaml, 1, 5, 5, NULL);
	run(&f, "2015-06-01");
	assert_int_equal(f.r.rule_owed[RULE_DISCLOSURE], 2);
	for (i = 0; i < f.r.nfindings; i++) {
		x = &f.r.findings[i];
		if (x->rule != RULE_DISCLOSURE)
			continue;
		n++;
		assert_string_equal(x->path, f.cfg.path);
		if (strstr(x->message, "核心政策") != NULL) {
			assert_int_equal(x->line, 8);
			assert_non_null(strstr(x->message, "about/missing.md"));
		} else {
			assert_non_null(strstr(x->message, "服務措施"));
			assert_int_equal(x->line, 6);	/* in audit: */
			assert_non_null(strstr(x->action,
			    "audit.disclosures.service_measures"));
		}
	}
	assert_int_equal(n, 2);
	assert_null(finding(&f, RULE_FEEDBACK, AUDIT_OWED));
	unload(&f);

	/* no audit: at all: every disclosure is owed */
	load(&f, "title: t\nbase_url: https://t.example/\n", 1, 5, 5, NULL);
	run(&f, "2015-06-01");
	assert_int_equal(f.r.rule_owed[RULE_DISCLOSURE], 5);
	unload(&f);
}

/* 肆、四.3 */
static void
test_rule_feedback(void **state)
{
	const struct audit_finding *x;
	struct fx f;

	(void)state;
	load(&f, "title: t\nbase_url: https://t.example/\n", 0, 0, 0, NULL);
	run(&f, "2015-06-01");
	x = finding(&f, RULE_FEEDBACK, AUDIT_OWED);
	assert_non_null(x);
	assert_non_null(strstr(x->action, "agency.feedback_url"));
	unload(&f);

	load(&f, "title: t\nbase_url: https://t.example/\nagency:\n"
	    "  feedback_url: /opinion/\n", 0, 0, 0, NULL);
	run(&f, "2015-06-01");
	x = finding(&f, RULE_FEEDBACK, AUDIT_OWED);
	assert_non_null(x);
	assert_non_null(strstr(x->message, "/opinion/"));
	unload(&f);

	load(&f, YAML_FULL, 1, 0, 0, NULL);
	run(&f, "2015-06-01");
	assert_null(finding(&f, RULE_FEEDBACK, AUDIT_OWED));
	unload(&f);
}

/* 肆、四.2 */
static void
test_rule_classified(void **state)
{
	static const char *const pages[] = {
		"about/half.md", "---\ntitle: 半\ndate: 2015-01-05\n"
		    "theme: [\"610\"]\n---\n",
		NULL
	};
	const struct audit_finding *x;
	struct fx f;

	(void)state;
	load(&f, YAML_FULL, 1, 5, 5, pages);
	run(&f, "2015-06-01");
	assert_int_equal(f.r.rule_owed[RULE_CLASSIFIED], 1);
	x = finding(&f, RULE_CLASSIFIED, AUDIT_OWED);
	assert_string_equal(x->path, "content/about/half.md");
	assert_non_null(strstr(x->message, "cake, service"));
	unload(&f);
}

/* 肆、四.1 (kept current) */
static void
test_rule_stale(void **state)
{
	static const char *const pages[] = {
		"about/old.md", "---\ntitle: 舊\ndate: 2013-01-05\n"
		    "lastmod: 2014-05-31\n" CODES "---\n",
		"news/old.md", "---\ntitle: 舊消息\ndate: 2013-01-05\n" CODES
		    "---\n",
		NULL
	};
	const struct audit_finding *x;
	struct fx f;

	(void)state;
	load(&f, YAML_FULL, 1, 5, 5, pages);
	/* twelve months after 2014-05-31 is 2015-05-31: not yet stale */
	run(&f, "2015-05-31");
	assert_null(finding(&f, RULE_STALE, AUDIT_OWED));
	run(&f, "2015-06-01");
	x = finding(&f, RULE_STALE, AUDIT_OWED);
	assert_non_null(x);
	assert_string_equal(x->path, "content/about/old.md");
	assert_non_null(strstr(x->message, "103-05-31"));
	/* news and plans are records */
	assert_int_equal(f.r.rule_owed[RULE_STALE], 1);
	run(&f, "2016-02-01");
	assert_int_equal(f.r.rule_owed[RULE_STALE], 6);	/* not the 104 plan */
	unload(&f);
}

/* --json: the shape tools read */
static void
test_json_shape(void **state)
{
	struct arena a = ARENA_INIT;
	struct buf b = BUF_INIT;
	struct value *v, *rules, *fi, *plans, *q;
	struct fx f;
	size_t i;

	(void)state;
	load(&f, YAML_FULL, 1, 5, 3, NULL);
	run(&f, "2015-03-15");
	assert_int_equal(json_dump_value(audit_value(&f.a, &f.r, DATE_ROC),
	    &b), 0);
	v = json_parse_value(&a, b.data, b.len, "audit.json");
	assert_non_null(v);
	assert_string_equal(value_map_get(v, "today")->str, "2015-03-15");
	assert_string_equal(value_map_get(v, "today_display")->str,
	    "104-03-15");
	assert_true(value_map_get(v, "year")->number == 104);
	assert_true(value_map_get(v, "owed")->number == 1);
	assert_int_equal(value_map_get(v, "ok")->boolean, 0);
	assert_string_equal(value_map_get(v, "agency")->str, "測試地方檢察署");
	rules = value_map_get(v, "rules");
	assert_int_equal(rules->len, NRULES);
	for (i = 0; i < rules->len; i++) {
		assert_non_null(value_map_get(rules->items[i], "key"));
		assert_non_null(value_map_get(rules->items[i], "section"));
		assert_non_null(value_map_get(rules->items[i], "title"));
		assert_non_null(value_map_get(rules->items[i], "owed"));
		assert_non_null(value_map_get(rules->items[i], "ok"));
	}
	assert_string_equal(value_map_get(rules->items[2], "key")->str,
	    "sop_lookup");
	assert_int_equal(value_map_get(rules->items[2], "ok")->boolean, 0);
	fi = value_map_get(v, "findings");
	assert_int_equal(fi->len, 1);
	assert_string_equal(value_map_get(fi->items[0], "rule")->str,
	    "sop_lookup");
	assert_string_equal(value_map_get(fi->items[0], "section")->str,
	    "肆、二.4");
	assert_string_equal(value_map_get(fi->items[0], "level")->str, "owed");
	assert_string_equal(value_map_get(fi->items[0], "path")->str,
	    "content/sop/");
	assert_non_null(value_map_get(fi->items[0], "line"));
	assert_non_null(value_map_get(fi->items[0], "message"));
	assert_non_null(value_map_get(fi->items[0], "action"));
	plans = value_map_get(v, "plans");
	assert_int_equal(plans->len, 1);
	q = value_map_get(plans->items[0], "reports");
	assert_int_equal(q->len, 4);
	assert_string_equal(value_map_get(q->items[0], "state")->str,
	    "pending");
	assert_string_equal(value_map_get(q->items[0], "due")->str,
	    "2015-04-30");
	assert_string_equal(value_map_get(q->items[3], "state")->str,
	    "pending");
	assert_true(value_map_get(value_map_get(v, "sops"), "total")->number
	    == 5);
	assert_true(value_map_get(value_map_get(v, "sops"), "with_lookup")
	    ->number == 3);
	assert_true(value_map_get(v, "faqs")->number == 1);
	buf_free(&b);
	arena_free(&a);
	unload(&f);
}

static void
test_text_output(void **state)
{
	struct fx f;
	FILE *tmp = tmpfile();
	char out[8192];
	size_t n;

	(void)state;
	load(&f, YAML_FULL, 1, 5, 3, NULL);
	run(&f, "2015-06-01");
	audit_print(tmp, &f.r);
	rewind(tmp);
	n = fread(out, 1, sizeof(out) - 1, tmp);
	out[n] = '\0';
	fclose(tmp);
	assert_non_null(strstr(out, "基準日 (as of)：104-06-01 (2015-06-01)"));
	assert_non_null(strstr(out, "content/sop/:1: 應辦 (owed) [肆、二.4 "));
	assert_non_null(strstr(out, "    → 請建立案件進度查詢機制"));
	assert_non_null(strstr(out, "  捌、一 公開年度執行計畫：符合 (ok)"));
	assert_non_null(strstr(out, "  陸、四 按季提報執行成果：1 項應辦 (1 owed)"));
	assert_non_null(strstr(out, "2 項應辦、0 項提醒 (2 owed, 0 notes)\n"));
	unload(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_everything_satisfied),
		cmocka_unit_test(test_rule_plan),
		cmocka_unit_test(test_rule_reports),
		cmocka_unit_test(test_rule_sop_faq),
		cmocka_unit_test(test_rule_disclosures),
		cmocka_unit_test(test_rule_feedback),
		cmocka_unit_test(test_rule_classified),
		cmocka_unit_test(test_rule_stale),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_text_output),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
