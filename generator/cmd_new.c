/*
 * gongkai new KIND "TITLE": a new page with the kind's front matter
 * filled with defaults, ready to build (issue 9).
 *
 * The file goes to content/SECTION/SLUG.md (content/SLUG.md for a page).
 * It is never overwritten. The slug comes from --slug, else from a Latin
 * title ("Office Hours" -> office-hours), else it is the date and a
 * counter (2026-11-27-1): a slug is letters, digits, '-', '_' and
 * non-ASCII letters only, so it can never climb out of content/.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "buf.h"
#include "build.h"
#include "classify.h"
#include "commands.h"
#include "config.h"
#include "date.h"
#include "diag.h"
#include "fs.h"
#include "kinds.h"
#include "util.h"

/* Longest slug written (bytes): URLs stay readable. */
#define SLUG_MAX	60

static const struct {
	const char	*kind;
	const char	*section;	/* folder under content/; "" for page */
	const char	*label;
} kinds[] = {
	{ "plan", "plans", "執行計畫" },
	{ "report", "reports", "執行成果報告" },
	{ "faq", "faq", "常見問題" },
	{ "sop", "sop", "標準作業程序" },
	{ "news", "news", "最新消息" },
	{ "page", "", "網頁" },
};

static int
usage(const char *msg, const char *arg)
{
	if (msg != NULL)
		fprintf(stderr, "gongkai new: %s%s%s\n", msg, arg ? " " : "",
		    arg ? arg : "");
	fputs("用法 (usage): gongkai new plan|report|faq|sop|news|page \"標題\" "
	    "[--slug S] [--site DIR] [--today YYYY-MM-DD]\n",
	    msg != NULL ? stderr : stdout);
	return 2;
}

/* A slug the user gave: one path segment of safe characters. */
static int
slug_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 200 || s[0] == '-')
		return 0;
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' &&
		    c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* "Office Hours (2026)" -> "office-hours-2026"; "" when the title is
 * not Latin (any non-ASCII byte) or has no letter or digit. */
static void
slug_from_title(const char *t, struct buf *out)
{
	const char *p;
	int dash = 0;

	for (p = t; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			return;
	for (p = t; *p != '\0' && out->len < SLUG_MAX; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && out->len > 0)
				buf_putc(out, '-');
			buf_putc(out, c);
			dash = 0;
		} else {
			dash = 1;
		}
	}
}

/* A YAML double-quoted scalar. */
static void
yaml_quote(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_printf(b, "\\%c", c);
		else if (c == '\n')
			buf_puts(b, "\\n");
		else if (c == '\t')
			buf_puts(b, "\\t");
		else if (c < 0x20 || c == 0x7f)
			buf_printf(b, "\\x%02x", c);
		else
			buf_putc(b, (char)c);
	}
	buf_putc(b, '"');
}

/* The three classifications, empty, each after a comment listing the
 * codes of its vocabulary (the site's file, and the built-in 服務分類). */
static void
classifications(struct buf *b, const struct classify *cls)
{
	size_t s, i;

	buf_puts(b, "# 分類檢索：每一頁都應標示主題、施政、服務三種分類，請從下列"
	    "代碼選填，例如 theme: [\"610\"]\n# (classification codes: pick "
	    "from the vocabularies below)\n");
	for (s = 0; s < NSCHEMES; s++) {
		const struct vocab *v = &cls->v[s];

		buf_printf(b, "# %s (%s)：\n", classify_label((enum scheme)s),
		    classify_key((enum scheme)s));
		if (v->n == 0)
			buf_printf(b, "#   （尚無代碼：請在 classification/%s.tsv "
			    "填入官方代碼表）(no codes yet)\n",
			    classify_key((enum scheme)s));
		for (i = 0; i < v->n; i++)
			buf_printf(b, "#   %*s%s %s\n", 2 * v->e[i].depth, "",
			    v->e[i].code, v->e[i].name);
		buf_printf(b, "%s: []\n", classify_key((enum scheme)s));
	}
}

/*
 * A report's plan, year and quarter: the newest plan (with items first,
 * as the audit expects reports of those) that still lacks a quarter's
 * report, and its first such quarter, with every item of the plan at
 * 未開始, so the report builds without warnings and counts at once.
 * 0 when the site has no such plan.
 */
static int
report_keys(struct buf *b, const char *site_dir)
{
	struct site_model *m = xcalloc(1, sizeof(*m));
	const struct page *best = NULL;
	const struct plan_data *bp = NULL;
	size_t i;
	int q = 0;

	/* the build reports the site's problems; this only reads it (the
	 * parse workers' messages are not suspended, so silence them) */
	diag_set_quiet(1);
	diag_suspend();
	build_load(m, site_dir, NULL, 0);
	diag_resume();
	diag_set_quiet(0);
	diag_reset();
	for (i = 0; i < m->site.npages; i++) {
		const struct page *p = m->site.pages[i];
		const struct plan_data *pl = kinds_plan(p);
		int k;

		if (pl == NULL || pl->year == 0)
			continue;
		for (k = 0; k < 4 && pl->reports[k] != NULL; k++)
			;
		if (k == 4)
			continue;
		if (bp == NULL || pl->year > bp->year || (pl->year == bp->year &&
		    pl->nitems > 0 && bp->nitems == 0)) {
			best = p;
			bp = pl;
			q = k + 1;
		}
	}
	if (best != NULL) {
		buf_puts(b, "plan: ");
		yaml_quote(b, best->rel);
		buf_printf(b, "       # 所依據的執行計畫 (the plan)\n"
		    "year: %d\nquarter: %d               # 季別 1–4\n",
		    bp->year, q);
		if (bp->nitems > 0)
			buf_puts(b, "items:                   # 狀態：未開始、進行中、"
			    "完成、落後 (status)\n");
		for (i = 0; i < bp->nitems; i++) {
			buf_puts(b, "  - id: ");
			yaml_quote(b, bp->items[i].id);
			buf_puts(b, "\n    status: 未開始\n    achieved: \"\"\n"
			    "    narrative: \"\"\n");
		}
	}
	build_unload(m);
	free(m);
	return best != NULL;
}

static void
kind_keys(struct buf *b, const char *kind, const struct date *d,
    const char *site_dir)
{
	int roc = d->year - 1911, q = (d->month - 1) / 3;

	if (strcmp(kind, "plan") == 0) {
		buf_printf(b, "year: %d                 # 民國年 (ROC year)\n"
		    "# 計畫項目 (plan items, optional), for example:\n"
		    "# items:\n#   - id: 一-1\n#     area: 實施要項\n"
		    "#     strategy: 推動策略及方法\n#     owner: 承辦單位\n"
		    "#     due: %d-06              # 完成期限：日期或民國年-月\n"
		    "#     indicator: 量化指標\n#     target: 100\n"
		    "#     unit: 人次\n", roc, roc);
	} else if (strcmp(kind, "report") == 0) {
		if (report_keys(b, site_dir))
			return;
		/* no plan to report on: left as comments (a wrong plan or
		 * quarter is an error) */
		if (q == 0) {
			q = 4;
			roc--;
		}
		buf_printf(b, "# 所依據的執行計畫與季別，填寫後列入按季提報的檢核\n"
		    "# (the plan and quarter; fill in to count as a quarterly "
		    "report):\n# plan: plans/execution-plan-%d.md\n"
		    "# year: %d\n# quarter: %d\n"
		    "# items:\n#   - id: 一-1\n#     status: 進行中       "
		    "# 未開始、進行中、完成、落後\n#     achieved: 0\n"
		    "#     narrative: 執行情形說明\n", roc, roc, q);
	} else if (strcmp(kind, "faq") == 0) {
		buf_puts(b, "category: 其他           # 問題分類 (category)\n"
		    "# related: [../sop/example.md]   # 相關網頁 (related pages)\n");
	} else if (strcmp(kind, "sop") == 0) {
		buf_puts(b, "time_limit: \"\"           # 辦理時限\n"
		    "documents: []            # 應檢附文件\n"
		    "fee: \"\"                  # 費用\n"
		    "window: \"\"               # 受理窗口\n"
		    "# query_url: https://…   # 案件進度查詢 (progress lookup)\n");
	} else if (strcmp(kind, "news") == 0) {
		buf_puts(b, "category: 最新消息       # 最新消息、新聞稿或澄清\n");
	}
}

static void
kind_body(struct buf *b, const char *kind)
{
	if (strcmp(kind, "sop") == 0)
		buf_puts(b, "請在此說明服務項目與申請資格。\n\n## 作業流程\n\n"
		    "1. 受理申請。\n2. 審核文件。\n3. 通知辦理結果。\n");
	else if (strcmp(kind, "faq") == 0)
		buf_puts(b, "請在此撰寫回答。\n");
	else
		buf_puts(b, "請在此撰寫內容。\n");
}

int
cmd_new(int argc, char **argv)
{
	const char *kind = NULL, *title = NULL, *slug = NULL, *site = ".";
	struct date today = { 0, 0, 0 };
	struct config cfg;
	struct classify cls;
	struct buf b = BUF_INIT, sl = BUF_INIT;
	char *dir = NULL, *path = NULL, iso[16];
	size_t k, nk = NELEM(kinds);
	int i, fd, rc = 2, counter = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--slug") == 0) {
			if (++i >= argc)
				return usage("--slug 需要值 (needs S)", NULL);
			slug = argv[i];
		} else if (strcmp(a, "--site") == 0 || strcmp(a, "-s") == 0) {
			if (++i >= argc)
				return usage("--site 需要資料夾 (needs DIR)", NULL);
			site = argv[i];
		} else if (strcmp(a, "--today") == 0) {
			if (++i >= argc || strlen(argv[i]) != 10 ||
			    date_parse(argv[i], &today) < 0)
				return usage("--today 需要日期 YYYY-MM-DD (needs a "
				    "date)", i < argc ? argv[i] : NULL);
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(NULL, NULL);
			return 0;
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage("未知的選項 (unknown option)", a);
		} else if (kind == NULL) {
			kind = a;
		} else if (title == NULL) {
			title = a;
		} else {
			return usage("多餘的參數 (extra argument)", a);
		}
	}
	if (kind == NULL || title == NULL)
		return usage("需要種類與標題 (needs KIND and TITLE)", NULL);
	for (k = 0; k < nk && strcmp(kinds[k].kind, kind) != 0; k++)
		;
	if (k == nk)
		return usage("未知的種類 (unknown kind)", kind);
	if (title[strspn(title, " \t\n")] == '\0')
		return usage("標題不可空白 (TITLE is empty)", NULL);
	if (slug != NULL) {
		size_t n = strlen(slug);

		/* "visit.md" means the slug visit */
		if (n > 3 && strcmp(slug + n - 3, ".md") == 0)
			buf_append(&sl, slug, n - 3);
		else
			buf_puts(&sl, slug);
		if (!slug_ok(buf_cstr(&sl))) {
			buf_free(&sl);
			return usage("--slug 只能用字母、數字、- 與 _（不含 / 或 "
			    ".）(a slug is letters, digits, - and _ only)", slug);
		}
	}

	memset(&cfg, 0, sizeof(cfg));
	memset(&cls, 0, sizeof(cls));
	path = fs_join(site, "site.yaml");
	if (!fs_is_file(path)) {
		diag_error(path, 0, 0, "找不到 site.yaml，請以 --site 指定網站資料夾 "
		    "(no site.yaml; use --site DIR)");
		rc = 1;
		goto out;
	}
	free(path);
	path = NULL;
	/* the build reports problems in these files; here they are only
	 * read for the timezone and the codes */
	diag_suspend();
	config_load(site, &cfg);
	classify_load(&cls, site);
	diag_resume();
	if (today.year == 0 && audit_today(cfg.timezone ? cfg.timezone :
	    "Asia/Taipei", &today) < 0)
		audit_today("Asia/Taipei", &today);
	date_iso(&today, iso, sizeof(iso));

	dir = fs_join(site, "content");
	if (kinds[k].section[0] != '\0') {
		char *d = fs_join(dir, kinds[k].section);

		free(dir);
		dir = d;
	}
	if (sl.len == 0)
		slug_from_title(title, &sl);
	counter = sl.len == 0;
	for (;;) {
		struct buf name = BUF_INIT;

		if (counter > 0)
			buf_printf(&name, "%s-%d.md", iso, counter);
		else
			buf_printf(&name, "%s.md", buf_cstr(&sl));
		free(path);
		path = fs_join(dir, name.data);
		buf_free(&name);
		if (counter == 0 || !fs_is_file(path))
			break;
		counter++;
	}

	buf_puts(&b, "---\ntitle: ");
	yaml_quote(&b, title);
	buf_printf(&b, "\ndate: %s\n", iso);
	kind_keys(&b, kinds[k].kind, &today, site);
	classifications(&b, &cls);
	buf_puts(&b, "---\n\n");
	kind_body(&b, kinds[k].kind);

	if (fs_mkdir_p(dir) < 0) {
		fprintf(stderr, "gongkai new: %s: %s\n", dir, strerror(errno));
		goto out;
	}
	/* O_EXCL: an existing page is never overwritten, even in a race */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		if (errno == EEXIST) {
			diag_error(path, 0, 0, "檔案已存在，不覆寫；請以 --slug 指定"
			    "其他名稱 (file exists, not overwritten; choose "
			    "another --slug)");
			rc = 1;
		} else {
			fprintf(stderr, "gongkai new: %s: %s\n", path,
			    strerror(errno));
		}
		goto out;
	}
	if (write(fd, b.data, b.len) != (ssize_t)b.len || close(fd) < 0) {
		fprintf(stderr, "gongkai new: %s: %s\n", path, strerror(errno));
		unlink(path);
		goto out;
	}
	printf("%s\n", path);
	fprintf(stderr, "gongkai new: 已新增%s (new %s) %s\n", kinds[k].label,
	    kinds[k].kind, path);
	rc = 0;
out:
	config_free(&cfg);
	classify_free(&cls);
	buf_free(&b);
	buf_free(&sl);
	free(dir);
	free(path);
	return rc;
}
