/* Unit tests for the content kinds (issue 6): plan items, report items,
 * FAQ, SOP and news front matter, which keys belong to which kind, SOP
 * steps from the body, and the checks between reports and plans. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "diag.h"
#include "frontmatter.h"
#include "fs.h"
#include "kinds.h"
#include "site.h"

/* Diagnostics into a buffer instead of the terminal. */
struct capture {
	int	 saved;
	FILE	*tmp;
};

static void
capture_begin(struct capture *c)
{
	fflush(stderr);
	c->saved = dup(2);
	c->tmp = tmpfile();
	assert_non_null(c->tmp);
	dup2(fileno(c->tmp), 2);
	diag_set_quiet(0);
	diag_reset();
}

static char *
capture_end(struct capture *c)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->tmp);
	while ((n = fread(chunk, 1, sizeof(chunk), c->tmp)) > 0)
		buf_append(&b, chunk, n);
	fclose(c->tmp);
	return buf_detach(&b);
}

/* A page as the build makes it: kind from the section folder. */
static struct page *
parse(struct arena *a, const char *rel, const char *text, int *rc)
{
	struct page *p = arena_alloc(a, sizeof(*p));
	const char *slash = strchr(rel, '/');
	const char *base = strrchr(rel, '/');

	p->rel = rel;
	p->path = arena_printf(a, "content/%s", rel);
	p->section = slash ? arena_strndup(a, rel, (size_t)(slash - rel)) : "";
	p->type = base && strcmp(base, "/_index.md") == 0 ? PAGE_SECTION :
	    PAGE_REGULAR;
	p->kind = page_kind_for_section(p->section);
	*rc = frontmatter_parse(a, text, strlen(text), p);
	return p;
}

/* ------------------------------------------------------------------ */

static void
test_plan_items(void **state)
{
	struct arena a = ARENA_INIT;
	const struct plan_data *pl;
	struct page *p;
	int rc;

	(void)state;
	diag_set_quiet(1);
	diag_reset();
	p = parse(&a, "plans/p.md", "---\ntitle: 計畫\ndate: 2015-01-05\n"
	    "year: 104\nitems:\n"
	    "  - id: 一-1\n    area: 一、提升服務品質\n    strategy: 設置服務台\n"
	    "    owner: 為民服務中心\n    due: 104-06\n"
	    "    indicator: 諮詢1,200人次以上\n    target: 1200\n    unit: 人次\n"
	    "    benefit: 主動服務\n"
	    "  - id: 二-1\n    area: 二、便捷服務程序\n    strategy: 單一窗口\n"
	    "    owner: 研考科\n    due: 2015-03-31\n---\n本文\n", &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(diag_errors(), 0);
	assert_int_equal(diag_warnings(), 0);
	pl = kinds_plan(p);
	assert_non_null(pl);
	assert_int_equal(pl->year, 104);
	assert_int_equal(pl->has_items, 1);
	assert_int_equal(pl->nitems, 2);
	assert_string_equal(pl->items[0].id, "一-1");
	assert_string_equal(pl->items[0].area, "一、提升服務品質");
	assert_string_equal(pl->items[0].owner, "為民服務中心");
	assert_int_equal(pl->items[0].due.month_only, 1);
	assert_int_equal(pl->items[0].due.date.year, 2015);
	assert_int_equal(pl->items[0].due.date.month, 6);
	assert_int_equal(pl->items[0].due.date.day, 30);
	assert_int_equal(pl->items[0].has_target, 1);
	assert_true(pl->items[0].target == 1200);
	assert_string_equal(pl->items[0].unit, "人次");
	assert_string_equal(pl->items[0].benefit, "主動服務");
	assert_int_equal(pl->items[0].pos.line, 6);
	assert_int_equal(pl->items[1].due.month_only, 0);
	assert_int_equal(pl->items[1].has_target, 0);
	assert_string_equal(pl->items[1].indicator, "");
	assert_string_equal(kinds_due_text(&a, &pl->items[0].due, DATE_ROC),
	    "104年6月");
	assert_string_equal(kinds_due_text(&a, &pl->items[0].due, DATE_ISO),
	    "2015-06");
	assert_string_equal(kinds_due_text(&a, &pl->items[1].due, DATE_ROC),
	    "104-03-31");
	assert_ptr_equal(kinds_plan_item(pl, "二-1"), &pl->items[1]);
	assert_null(kinds_plan_item(pl, "三-1"));
	/* the plan covers its year */
	assert_int_equal(p->coverage_min.year, 2015);
	assert_int_equal(p->coverage_max.month, 12);
	assert_null(kinds_report(p));

	/* 104年6月 is the same month; items are optional */
	diag_reset();
	p = parse(&a, "plans/q.md", "---\ntitle: 舊計畫\ndate: 2015-01-05\n"
	    "year: 104\nitems:\n  - id: a\n    area: x\n    strategy: y\n"
	    "    owner: z\n    due: 104年6月\n---\n", &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(kinds_plan(p)->items[0].due.date.day, 30);
	p = parse(&a, "plans/r.md", "---\ntitle: 舊計畫\ndate: 2015-01-05\n"
	    "---\n| 表格 | 計畫 |\n", &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(kinds_plan(p)->has_items, 0);
	assert_int_equal(kinds_plan(p)->year, 0);
	assert_int_equal(diag_errors(), 0);
	diag_set_quiet(0);
	diag_reset();
	arena_free(&a);
}

static void
test_plan_errors(void **state)
{
	struct arena a = ARENA_INIT;
	struct capture cap;
	char *out;
	int rc;

	(void)state;
	capture_begin(&cap);
	parse(&a, "plans/p.md", "---\ntitle: 計畫\ndate: 2015-01-05\n"
	    "year: 2015\nitems:\n"
	    "  - area: 一\n    strategy: s\n    owner: o\n"	/* line 6: no id */
	    "  - id: A\n    area: 一\n    strategy: s\n    owner: o\n"
	    "    due: 下半年\n    target: 1,200\n    colour: red\n"
	    "  - id: A\n    area: 一\n    strategy: s\n    owner: o\n"
	    "  - just text\n---\n", &rc);
	out = capture_end(&cap);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(out, "content/plans/p.md:4:7: error: year "
	    "請寫民國年：2015 年應寫成 104"));
	assert_non_null(strstr(out, "content/plans/p.md:6:5: error: 項目缺少 id"));
	assert_non_null(strstr(out, "content/plans/p.md:13:10: error: 完成期限 "
	    "due「下半年」無法辨識"));
	assert_non_null(strstr(out, "content/plans/p.md:14:13: error: 量化指標"
	    "的目標值 target 應為數字"));
	assert_non_null(strstr(out, "content/plans/p.md:15:5: warning: 執行計畫"
	    "的項目沒有「colour」欄位"));
	assert_non_null(strstr(out, "content/plans/p.md:16:5: error: 項目編號"
	    "「A」重複，已用於第 9 行"));
	assert_non_null(strstr(out, "content/plans/p.md:20:5: error: 「items」應為"
	    "對應表"));
	assert_int_equal(diag_errors(), 6);
	free(out);

	capture_begin(&cap);
	parse(&a, "plans/p.md", "---\ntitle: 計畫\ndate: 2015-01-05\n"
	    "items: 全部\n---\n", &rc);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "content/plans/p.md:4:8: error: 「items」應為"
	    "清單 (list)"));
	free(out);
	diag_reset();
	arena_free(&a);
}

static void
test_report(void **state)
{
	struct arena a = ARENA_INIT;
	const struct report_data *r;
	struct capture cap;
	struct page *p;
	char *out;
	int rc;

	(void)state;
	diag_set_quiet(1);
	diag_reset();
	p = parse(&a, "reports/q1.md", "---\ntitle: 第1季\ndate: 2015-04-08\n"
	    "plan: plans/p.md\nyear: 104\nquarter: 1\nitems:\n"
	    "  - id: A\n    status: 完成\n    achieved: 318\n    narrative: 已辦理\n"
	    "  - id: B\n    status: in_progress\n    achieved: 1場、180人次\n"
	    "  - id: C\n    status: 落後\n  - id: D\n    status: 未開始\n---\n",
	    &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(diag_warnings(), 0);
	r = kinds_report(p);
	assert_non_null(r);
	assert_string_equal(r->plan_ref, "plans/p.md");
	assert_int_equal(r->plan_pos.line, 4);
	assert_int_equal(r->year, 104);
	assert_int_equal(r->quarter, 1);
	assert_int_equal(r->nitems, 4);
	assert_int_equal(r->items[0].status, STATUS_DONE);
	assert_int_equal(r->items[0].has_num, 1);
	assert_true(r->items[0].achieved_num == 318);
	assert_string_equal(r->items[0].narrative, "已辦理");
	assert_int_equal(r->items[1].status, STATUS_IN_PROGRESS);
	assert_int_equal(r->items[1].has_num, 0);
	assert_string_equal(r->items[1].achieved, "1場、180人次");
	assert_int_equal(r->items[2].status, STATUS_BEHIND);
	assert_int_equal(r->items[3].status, STATUS_NOT_STARTED);
	assert_string_equal(kinds_status_label(STATUS_BEHIND), "落後");
	assert_string_equal(kinds_status_key(STATUS_NONE), "none");
	diag_set_quiet(0);

	capture_begin(&cap);
	parse(&a, "reports/x.md", "---\ntitle: x\ndate: 2015-04-08\n"
	    "plan: plans/p.md\nquarter: 5\nitems:\n  - id: A\n    status: 做完了\n"
	    "  - id: B\n---\n", &rc);
	out = capture_end(&cap);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(out, "content/reports/x.md:5:10: error: quarter "
	    "應為 1 到 4 的季別"));
	assert_non_null(strstr(out, "content/reports/x.md:8:13: error: 執行狀態"
	    "「做完了」無法辨識，可用 未開始、進行中、完成、落後"));
	assert_non_null(strstr(out, "content/reports/x.md:9:5: error: 項目缺少 "
	    "status"));
	free(out);

	/* plan without quarter; quarter without plan */
	capture_begin(&cap);
	parse(&a, "reports/y.md", "---\ntitle: y\ndate: 2015-04-08\n"
	    "plan: plans/p.md\n---\n", &rc);
	parse(&a, "reports/z.md", "---\ntitle: z\ndate: 2015-04-08\n"
	    "quarter: 2\n---\n", &rc);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "content/reports/y.md:1:1: error: 執行成果報告"
	    "缺少季別 quarter"));
	assert_non_null(strstr(out, "content/reports/z.md:4:10: error: 執行成果報告"
	    "缺少 plan"));
	free(out);

	/* a report without any of them is not a quarterly report: a warning */
	capture_begin(&cap);
	parse(&a, "reports/w.md", "---\ntitle: w\ndate: 2015-04-08\n---\n", &rc);
	out = capture_end(&cap);
	assert_int_equal(rc, 0);
	assert_non_null(strstr(out, "content/reports/w.md:1:1: warning: 執行成果"
	    "報告沒有 plan、year、quarter"));
	free(out);
	diag_reset();
	arena_free(&a);
}

/* Kind keys are known only on their kind's pages. */
static void
test_keys_per_kind(void **state)
{
	struct arena a = ARENA_INIT;
	struct capture cap;
	char *out;
	int rc;

	(void)state;
	capture_begin(&cap);
	parse(&a, "faq/q.md", "---\ntitle: q\ndate: 2015-01-01\ncategory: 洽公\n"
	    "items: []\ntime_limit: 3天\ncolour: red\n---\n", &rc);
	parse(&a, "plans/p.md", "---\ntitle: p\ndate: 2015-01-01\n"
	    "category: x\n---\n", &rc);
	parse(&a, "plans/_index.md", "---\ntitle: 計畫\nyear: 104\n---\n", &rc);
	parse(&a, "about.md", "---\ntitle: a\ndate: 2015-01-01\n"
	    "query_url: https://x.example/\n---\n", &rc);
	parse(&a, "about/x.md", "---\ntitle: a\ndate: 2015-01-01\nkind: sop\n"
	    "query_url: https://x.example/q\nsteps: [一, 二]\n---\n", &rc);
	out = capture_end(&cap);
	assert_null(strstr(out, "「category」只用於常見問題 (faq)、最新消息 (news)，本頁的"
	    "類型是 faq"));
	assert_non_null(strstr(out, "content/faq/q.md:5:1: warning: 「items」只用"
	    "於執行計畫 (plan)、執行成果報告 (report)，本頁的類型是 faq"));
	assert_non_null(strstr(out, "content/faq/q.md:6:1: warning: 「time_limit」"
	    "只用於標準作業程序 (sop)"));
	assert_non_null(strstr(out, "content/faq/q.md:7:1: warning: 未知的前置資料"
	    "欄位「colour」"));
	assert_non_null(strstr(out, "content/plans/p.md:4:1: warning: 「category」"
	    "只用於常見問題 (faq)、最新消息 (news)，本頁的類型是 plan"));
	assert_non_null(strstr(out, "content/plans/_index.md:3:1: warning: 「year」"
	    "只用於執行計畫 (plan)、執行成果報告 (report)的單篇頁面，不用於單元首頁"));
	assert_non_null(strstr(out, "content/about.md:4:1: warning: 「query_url」"
	    "只用於標準作業程序 (sop)，本頁的類型是 page"));
	/* `kind: sop` makes the SOP keys known */
	assert_null(strstr(out, "content/about/x.md"));
	assert_int_equal(diag_errors(), 0);
	free(out);
	diag_reset();
	arena_free(&a);
}

static void
test_sop(void **state)
{
	struct arena a = ARENA_INIT;
	const struct sop_data *sop;
	struct capture cap;
	struct page *p;
	char *out;
	int rc;

	(void)state;
	diag_set_quiet(1);
	diag_reset();
	p = parse(&a, "sop/a.md", "---\ntitle: 閱卷\ndate: 2015-03-20\n"
	    "time_limit: 5個工作日\ndocuments: [聲請書, 身分證明文件]\n"
	    "fee: 免費\nwindow: 為民服務中心\n"
	    "query_url: https://demo.gongkai.example/query/\n---\n"
	    "## 服務項目\n\n1. 不是步驟\n\n## 作業流程\n\n說明文字。\n\n"
	    "1. 填寫**聲請書**，於[櫃台](../faq/x.md)遞件\n"
	    "   或郵寄。\n"
	    "2. 櫃台收件\n"
	    "   - 給予收件編號\n"
	    "3) 通知 `閱卷` 日期\n\n"
	    "以上流程約需5日。\n\n1. 另一個清單\n\n## 收費\n\n1. 不是步驟\n", &rc);
	assert_int_equal(rc, 0);
	assert_int_equal(diag_warnings(), 0);
	sop = kinds_sop(p);
	assert_non_null(sop);
	assert_string_equal(sop->time_limit, "5個工作日");
	assert_int_equal(sop->documents.n, 2);
	assert_string_equal(sop->documents.v[1], "身分證明文件");
	assert_string_equal(sop->fee, "免費");
	assert_string_equal(sop->window, "為民服務中心");
	assert_string_equal(sop->query_url, "https://demo.gongkai.example/query/");
	assert_int_equal(sop->steps_from_body, 1);
	assert_int_equal(sop->steps.n, 3);
	assert_string_equal(sop->steps.v[0], "填寫聲請書，於櫃台遞件或郵寄。");
	assert_string_equal(sop->steps.v[1], "櫃台收件- 給予收件編號");
	assert_string_equal(sop->steps.v[2], "通知 閱卷 日期");

	/* front matter steps win; 辦理流程 is accepted too */
	p = parse(&a, "sop/b.md", "---\ntitle: b\ndate: 2015-03-20\n"
	    "steps: [一, 二]\n---\n## 辦理流程\n\n1. 三\n", &rc);
	assert_int_equal(kinds_sop(p)->steps.n, 2);
	assert_int_equal(kinds_sop(p)->steps_from_body, 0);
	p = parse(&a, "sop/c.md", "---\ntitle: c\ndate: 2015-03-20\n"
	    "query_url: /query/\n---\n### 辦理流程 ###\n1. 三\n2. 四\n", &rc);
	assert_int_equal(kinds_sop(p)->steps.n, 2);
	assert_string_equal(kinds_sop(p)->query_url, "/query/");
	diag_set_quiet(0);

	capture_begin(&cap);
	parse(&a, "sop/d.md", "---\ntitle: d\ndate: 2015-03-20\n"
	    "query_url: ftp://x.example/\ndocuments: {a: b}\n---\n"
	    "```\n## 作業流程\n1. 在程式碼裡\n```\n", &rc);
	out = capture_end(&cap);
	assert_int_equal(rc, -1);
	assert_non_null(strstr(out, "content/sop/d.md:4:12: error: 案件進度查詢 "
	    "query_url 應為 https:// 開頭的網址"));
	assert_non_null(strstr(out, "content/sop/d.md:5:12: error: 「documents」"
	    "應為清單 (list)"));
	assert_non_null(strstr(out, "content/sop/d.md:1:1: warning: 標準作業程序"
	    "沒有作業流程"));
	free(out);
	diag_reset();
	arena_free(&a);
}

static void
test_faq_news(void **state)
{
	struct arena a = ARENA_INIT;
	const struct faq_data *f;
	struct capture cap;
	struct page *p;
	char *out;
	int rc;

	(void)state;
	diag_set_quiet(1);
	diag_reset();
	p = parse(&a, "faq/a.md", "---\ntitle: 如何閱卷？\ndate: 2015-03-16\n"
	    "category: 案件查詢\nrelated:\n  - ../sop/a.md\n"
	    "  - {title: 法規, url: https://law.example/}\n---\n答案\n", &rc);
	assert_int_equal(rc, 0);
	f = kinds_faq(p);
	assert_string_equal(f->category, "案件查詢");
	assert_int_equal(f->nrelated, 2);
	assert_string_equal(f->related[0].ref, "../sop/a.md");
	assert_null(f->related[0].title);
	assert_string_equal(f->related[1].title, "法規");
	assert_int_equal(f->related[1].pos.line, 7);
	p = parse(&a, "news/a.md", "---\ntitle: 新聞稿\ndate: 2015-06-12\n"
	    "category: press\n---\n", &rc);
	assert_string_equal(kinds_news(p)->category, "新聞稿");
	p = parse(&a, "news/b.md", "---\ntitle: 消息\ndate: 2015-06-12\n---\n",
	    &rc);
	assert_string_equal(kinds_news(p)->category, "最新消息");
	diag_set_quiet(0);

	capture_begin(&cap);
	parse(&a, "faq/b.md", "---\ntitle: b\ndate: 2015-03-16\nrelated:\n"
	    "  - https://x.example/\n---\n", &rc);
	parse(&a, "news/c.md", "---\ntitle: c\ndate: 2015-03-16\n"
	    "category: 公告\n---\n", &rc);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "content/faq/b.md:1:1: warning: 常見問題沒有"
	    "分類 category"));
	assert_non_null(strstr(out, "content/faq/b.md:5:5: error: 外部連結需要"
	    "標題"));
	assert_non_null(strstr(out, "content/news/c.md:4:11: error: 消息類別"
	    "「公告」無法辨識"));
	free(out);
	diag_reset();
	arena_free(&a);
}

/* ------------------------------------------------------------------ */
/* kinds_link on a model                                               */

struct fixture {
	char		*dir;
	struct config	 cfg;
	struct site	 s;
};

static void
add(struct fixture *f, const char *rel, const char *text)
{
	int rc;
	struct page *p = parse(&f->s.arena, rel, text, &rc);

	site_add_page(&f->s, p);
}

static void
test_link(void **state)
{
	struct fixture f;
	char tmpl[] = "/tmp/gongkai-kinds-XXXXXX";
	const char *yaml = "title: 測試\nbase_url: https://t.example/\n";
	const struct plan_data *pl;
	const struct report_item *ri;
	struct capture cap;
	struct page *q1;
	char *path, *out;
	int errors;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.dir = strdup(mkdtemp(tmpl));
	path = fs_join(f.dir, "site.yaml");
	assert_int_equal(fs_write_file(path, yaml, strlen(yaml)), 0);
	free(path);
	diag_set_quiet(1);
	assert_int_equal(config_load(f.dir, &f.cfg), 0);
	site_init(&f.s, &f.cfg);
	f.s.content_dir = "content";
	add(&f, "plans/p.md", "---\ntitle: 計畫\ndate: 2015-01-05\nyear: 104\n"
	    "items:\n  - {id: A, area: 一, strategy: s, owner: o}\n"
	    "  - {id: B, area: 一, strategy: s, owner: o}\n---\n");
	add(&f, "plans/old.md", "---\ntitle: 舊計畫\ndate: 2014-01-05\n"
	    "year: 103\n---\n");
	add(&f, "reports/q1.md", "---\ntitle: 第1季\ndate: 2015-04-08\n"
	    "plan: plans/p.md\nquarter: 1\nitems:\n"
	    "  - {id: A, status: 完成}\n  - {id: B, status: 進行中}\n---\n");
	add(&f, "reports/q2.md", "---\ntitle: 第2季\ndate: 2015-07-08\n"
	    "plan: ../plans/p.md\nyear: 104\nquarter: 2\nitems:\n"
	    "  - {id: A, status: 完成}\n  - {id: X, status: 落後}\n---\n");
	add(&f, "reports/q2b.md", "---\ntitle: 又一個第2季\ndate: 2015-07-09\n"
	    "plan: plans/p.md\nquarter: 2\n---\n");
	add(&f, "reports/y.md", "---\ntitle: 年度不符\ndate: 2015-07-09\n"
	    "plan: plans/p.md\nyear: 105\nquarter: 3\n---\n");
	add(&f, "reports/old.md", "---\ntitle: 無項目計畫\ndate: 2014-07-09\n"
	    "plan: plans/old.md\nquarter: 1\nitems:\n  - {id: A, status: 完成}\n"
	    "---\n");
	add(&f, "reports/none.md", "---\ntitle: 找不到\ndate: 2015-07-09\n"
	    "plan: plans/none.md\nquarter: 4\n---\n");
	add(&f, "reports/faq.md", "---\ntitle: 指到問答\ndate: 2015-07-09\n"
	    "plan: faq/a.md\nquarter: 4\n---\n");
	add(&f, "faq/a.md", "---\ntitle: 問\ndate: 2015-03-16\ncategory: c\n"
	    "related: [../reports/q1.md, missing.md, reports/]\n---\n");
	assert_int_equal(site_build(&f.s), 0);

	capture_begin(&cap);
	errors = kinds_link(&f.s);
	out = capture_end(&cap);
	assert_non_null(strstr(out, "content/reports/q2.md:9:5: error: 計畫「計畫」"
	    "沒有編號「X」的項目"));
	assert_non_null(strstr(out, "content/reports/q2.md:4:7: warning: 報告未"
	    "填報計畫項目 B"));
	assert_non_null(strstr(out, "content/reports/q2b.md:5:10: error: 計畫"
	    "「計畫」第 2 季已有報告 content/reports/q2.md"));
	assert_non_null(strstr(out, "content/reports/y.md:4:7: error: 報告年度 "
	    "105 與計畫「計畫」的年度 104 不同"));
	assert_non_null(strstr(out, "content/reports/old.md:7:5: error: 計畫"
	    "「舊計畫」沒有 items"));
	assert_non_null(strstr(out, "content/reports/none.md:4:7: error: 找不到"
	    "執行計畫「plans/none.md」"));
	assert_non_null(strstr(out, "content/reports/faq.md:4:7: error: 找不到"
	    "執行計畫「faq/a.md」"));
	assert_non_null(strstr(out, "content/faq/a.md:5:29: error: 相關連結"
	    "「missing.md」找不到頁面"));
	assert_null(strstr(out, "../reports/q1.md"));
	assert_int_equal(errors, 7);
	free(out);

	pl = kinds_plan(site_find_page(&f.s, "plans/p.md"));
	q1 = site_find_page(&f.s, "reports/q1.md");
	assert_ptr_equal(pl->reports[0], q1);
	assert_ptr_equal(pl->reports[1], site_find_page(&f.s, "reports/q2.md"));
	assert_null(pl->reports[3]);
	assert_ptr_equal(kinds_report(q1)->plan,
	    site_find_page(&f.s, "plans/p.md"));
	/* year from the plan; coverage: January to the quarter's end */
	assert_int_equal(kinds_report(q1)->year, 104);
	assert_int_equal(q1->coverage_min.month, 1);
	assert_int_equal(q1->coverage_max.month, 3);
	assert_int_equal(q1->coverage_max.day, 31);
	assert_int_equal(kinds_item_status(pl, "B", 1, &ri), STATUS_IN_PROGRESS);
	assert_non_null(ri);
	assert_ptr_equal(ri->item, &pl->items[1]);
	assert_int_equal(kinds_item_status(pl, "B", 2, &ri), STATUS_NONE);
	assert_null(ri);
	assert_int_equal(kinds_item_status(pl, "A", 3, NULL), STATUS_NONE);
	assert_ptr_equal(kinds_faq(site_find_page(&f.s, "faq/a.md"))->related[0]
	    .page, q1);
	assert_ptr_equal(kinds_faq(site_find_page(&f.s, "faq/a.md"))->related[2]
	    .page, site_find_page(&f.s, "reports/_index.md"));

	site_free(&f.s);
	config_free(&f.cfg);
	fs_remove_tree(f.dir);
	free(f.dir);
	diag_reset();
}

static void
test_report_due(void **state)
{
	struct date d;

	(void)state;
	d = kinds_report_due(104, 1);
	assert_true(d.year == 2015 && d.month == 4 && d.day == 30);
	d = kinds_report_due(104, 2);
	assert_true(d.year == 2015 && d.month == 7 && d.day == 31);
	d = kinds_report_due(104, 3);
	assert_true(d.year == 2015 && d.month == 10 && d.day == 31);
	d = kinds_report_due(104, 4);
	assert_true(d.year == 2016 && d.month == 1 && d.day == 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plan_items),
		cmocka_unit_test(test_plan_errors),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_keys_per_kind),
		cmocka_unit_test(test_sop),
		cmocka_unit_test(test_faq_news),
		cmocka_unit_test(test_link),
		cmocka_unit_test(test_report_due),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
