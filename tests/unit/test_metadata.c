/* Unit tests for the MyEGov / Dublin Core metadata (dcmeta.c) and the
 * generated pages: the exact set of <meta> names on every kind of page,
 * rendered through the default theme, and the values that fill them. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "classify.h"
#include "config.h"
#include "dcmeta.h"
#include "diag.h"
#include "fs.h"
#include "render.h"
#include "site.h"

/* The 16 Dublin Core names, in the order the theme writes them. */
static const char *const dc_names[] = {
	"DC.Title", "DC.Creator", "DC.Subject", "DC.Description",
	"DC.Contributor", "DC.Type", "DC.Format", "DC.Source", "DC.Language",
	"DC.coverage.t.min", "DC.coverage.t.max", "DC.Publisher", "DC.Date",
	"DC.Identifier", "DC.Relation", "DC.Rights",
};

struct fixture {
	char		*dir;
	struct config	 cfg;
	struct classify	 cls;
	struct site	 s;
	struct renderer	*r;
};

static struct strlist
codes(struct arena *a, const char *c1, const char *c2)
{
	struct strlist l;

	memset(&l, 0, sizeof(l));
	l.v = arena_alloc(a, 2 * sizeof(*l.v));
	l.pos = arena_alloc(a, 2 * sizeof(*l.pos));
	if (c1 != NULL)
		l.v[l.n++] = c1;
	if (c2 != NULL)
		l.v[l.n++] = c2;
	return l;
}

static struct page *
mkpage(struct site *s, const char *rel, enum page_type type,
    const char *title, const char *date)
{
	struct page *p = arena_alloc(&s->arena, sizeof(*p));
	const char *slash = strchr(rel, '/');

	p->rel = rel;
	p->path = arena_printf(&s->arena, "content/%s", rel);
	p->section = slash ? arena_strndup(&s->arena, rel,
	    (size_t)(slash - rel)) : "";
	p->type = type;
	p->kind = page_kind_for_section(p->section);
	p->title = title;
	p->summary = "";
	p->body = "本文第一段。\n";
	p->body_len = strlen(p->body);
	p->body_line = 1;
	if (date != NULL)
		date_parse(date, &p->date);
	p->theme = codes(&s->arena, "610", NULL);
	p->cake = codes(&s->arena, "811", NULL);
	p->service = codes(&s->arena, "I00", NULL);
	site_add_page(s, p);
	return p;
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	char tmpl[] = "/tmp/gongkai-meta-XXXXXX";
	const char *yaml = "title: 測試署\nbase_url: https://t.gov.tw/sub/\n"
	    "agency:\n  name: 測試地方檢察署\n  code: A11000000F\n"
	    "copyright: 測試地方檢察署版權所有\n";
	const char *theme_tsv = "600\t公共安全\t\n610\t司法與檢察\t600\n";
	const char *cake_tsv = "811\t檢察偵查\t\n";
	struct page *p;
	char *path;
	size_t i;

	diag_set_quiet(1);
	diag_reset();
	f->dir = strdup(mkdtemp(tmpl));
	path = fs_join(f->dir, "site.yaml");
	assert_int_equal(fs_write_file(path, yaml, strlen(yaml)), 0);
	free(path);
	assert_int_equal(config_load(f->dir, &f->cfg), 0);
	/* unit tests run from the repository root */
	f->cfg.theme_dir = "themes/default";
	classify_init(&f->cls);
	assert_int_equal(classify_parse(&f->cls, SCHEME_THEME, "theme.tsv",
	    theme_tsv, strlen(theme_tsv)), 0);
	assert_int_equal(classify_parse(&f->cls, SCHEME_CAKE, "cake.tsv",
	    cake_tsv, strlen(cake_tsv)), 0);
	site_init(&f->s, &f->cfg);
	f->s.content_dir = "content";
	f->s.cls = &f->cls;
	mkpage(&f->s, "_index.md", PAGE_HOME, "首頁", "2015-01-05");
	mkpage(&f->s, "faq/_index.md", PAGE_SECTION, "常見問題", NULL);
	p = mkpage(&f->s, "faq/a.md", PAGE_REGULAR, "申請 \"A&B\" <表格>",
	    "2015-03-16");
	p->service = codes(&f->s.arena, "E00", "I00");
	p->keywords = codes(&f->s.arena, "閱卷", "影印");
	p->agency = "測試地方檢察署執行科";
	date_parse("2015-06-30", &p->lastmod);
	date_parse("2015-01-01", &p->coverage_min);
	date_parse("2015-03-31", &p->coverage_max);
	p = mkpage(&f->s, "sop/b.md", PAGE_REGULAR, "標準作業程序乙",
	    "2015-03-20");
	assert_int_equal(site_build(&f->s), 0);
	f->r = render_new(&f->s);
	assert_non_null(f->r);
	for (i = 0; i < f->s.npages; i++)
		assert_int_equal(render_markdown(&f->s, f->s.pages[i]), 0);
	assert_int_equal(diag_errors(), 0);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	render_free(f->r);
	site_free(&f->s);
	classify_free(&f->cls);
	config_free(&f->cfg);
	fs_remove_tree(f->dir);
	free(f->dir);
	free(f);
	diag_set_quiet(0);
	diag_reset();
	return 0;
}

/* Every kind of page the site has. */
static struct page *
kind_page(struct fixture *f, int kind)
{
	switch (kind) {
	case 0:
		return site_find_page(&f->s, "faq/a.md");
	case 1:
		return site_find_page(&f->s, "faq/_index.md");
	case 2:
		return f->s.home;
	case 3:
		return f->s.classification;
	case 4:
		return f->s.schemes[SCHEME_THEME].page;
	case 5:
		return site_find_code(&f->s, SCHEME_THEME, "610")->page;
	case 6:
		return f->s.sitemap;
	default:
		return site_find_url(&f->s, "/sop/");	/* generated section */
	}
}
#define NKINDS	8

/* The names the page must carry, in order: one Category per code. */
static void
expected_names(const struct page *p, struct buf *out)
{
	static const char *const cat[NSCHEMES] = { "Category.Theme",
	    "Category.Cake", "Category.Service" };
	size_t i, k;

	buf_puts(out, "viewport\ndescription\ngenerator\n");
	for (i = 0; i < sizeof(dc_names) / sizeof(dc_names[0]); i++)
		buf_printf(out, "%s\n", dc_names[i]);
	for (i = 0; i < NSCHEMES; i++) {
		const struct strlist *l = page_codes(p, (enum scheme)i);

		for (k = 0; k < (l->n ? l->n : 1); k++)
			buf_printf(out, "%s\n", cat[i]);
	}
	buf_puts(out, "Keywords\n");
}

/* The name="" of every <meta> in the document's <head>, one a line. */
static void
meta_names(const char *html, struct buf *out)
{
	const char *end = strstr(html, "</head>"), *p = html, *q;

	assert_non_null(end);
	while ((p = strstr(p, "<meta ")) != NULL && p < end) {
		p += 6;
		if (strncmp(p, "name=\"", 6) != 0)
			continue;	/* <meta charset> */
		p += 6;
		q = strchr(p, '"');
		buf_append(out, p, (size_t)(q - p));
		buf_putc(out, '\n');
	}
}

static void
test_meta_names_every_kind(void **state)
{
	struct fixture *f = *state;
	int kind;

	for (kind = 0; kind < NKINDS; kind++) {
		struct page *p = kind_page(f, kind);
		struct buf html = BUF_INIT, want = BUF_INIT, got = BUF_INIT;
		struct dcmeta *m;
		struct arena a = ARENA_INIT;
		size_t n, i;

		assert_non_null(p);
		assert_int_equal(render_page(f->r, p, &html), 0);
		expected_names(p, &want);
		meta_names(html.data, &got);
		if (strcmp(want.data, got.data) != 0)
			fail_msg("meta names of %s:\n%s\nwant:\n%s", p->url,
			    got.data, want.data);
		/* dcmeta hands out the same list, without the theme's own */
		m = dcmeta_page(&a, &f->s, p, &n);
		buf_reset(&got);
		buf_puts(&got, "viewport\ndescription\ngenerator\n");
		for (i = 0; i < n; i++)
			buf_printf(&got, "%s\n", m[i].name);
		assert_string_equal(want.data, got.data);
		/* every page has all three classifications */
		for (i = 0; i < n; i++)
			if (strncmp(m[i].name, "Category.", 9) == 0)
				assert_true(m[i].content[0] != '\0');
		arena_free(&a);
		buf_free(&html);
		buf_free(&want);
		buf_free(&got);
	}
}

static const char *
meta(struct dcmeta *m, size_t n, const char *name, size_t nth)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(m[i].name, name) == 0 && nth-- == 0)
			return m[i].content;
	return NULL;
}

static void
test_meta_values(void **state)
{
	struct fixture *f = *state;
	struct arena a = ARENA_INIT;
	struct dcmeta *m;
	struct buf html = BUF_INIT;
	struct page *p;
	size_t n;

	/* a regular page */
	p = site_find_page(&f->s, "faq/a.md");
	m = dcmeta_page(&a, &f->s, p, &n);
	assert_string_equal(meta(m, n, "DC.Title", 0), "申請 \"A&B\" <表格>");
	assert_string_equal(meta(m, n, "DC.Creator", 0), "測試地方檢察署");
	assert_string_equal(meta(m, n, "DC.Publisher", 0), "測試地方檢察署");
	assert_string_equal(meta(m, n, "DC.Contributor", 0),
	    "測試地方檢察署執行科");
	assert_string_equal(meta(m, n, "DC.Subject", 0), "閱卷,影印");
	assert_string_equal(meta(m, n, "Keywords", 0), "閱卷,影印");
	assert_string_equal(meta(m, n, "DC.Description", 0), "本文第一段。");
	assert_string_equal(meta(m, n, "DC.Type", 0), "網頁");
	assert_string_equal(meta(m, n, "DC.Format", 0), "text/html");
	assert_string_equal(meta(m, n, "DC.Language", 0), "zh-Hant-TW");
	assert_string_equal(meta(m, n, "DC.Source", 0), "https://t.gov.tw/sub/");
	assert_string_equal(meta(m, n, "DC.Date", 0), "2015-03-16");
	assert_string_equal(meta(m, n, "DC.coverage.t.min", 0), "2015-01-01");
	assert_string_equal(meta(m, n, "DC.coverage.t.max", 0), "2015-03-31");
	assert_string_equal(meta(m, n, "DC.Identifier", 0), "A11000000F");
	assert_string_equal(meta(m, n, "DC.Relation", 0),
	    "https://t.gov.tw/sub/faq/");
	assert_string_equal(meta(m, n, "DC.Rights", 0), "測試地方檢察署版權所有");
	assert_string_equal(meta(m, n, "Category.Theme", 0), "610");
	assert_string_equal(meta(m, n, "Category.Service", 0), "E00");
	assert_string_equal(meta(m, n, "Category.Service", 1), "I00");
	assert_null(meta(m, n, "Category.Service", 2));

	/* values are HTML-escaped in the page */
	assert_int_equal(render_page(f->r, p, &html), 0);
	assert_non_null(strstr(html.data, "<meta name=\"DC.Title\" content=\""
	    "申請 &quot;A&amp;B&quot; &lt;表格&gt;\">"));
	/* the page links its own codes */
	assert_non_null(strstr(html.data, "href=\"/sub/classification/service/"
	    "E00/\">服務分類：生活安全及品質</a>"));
	buf_free(&html);

	/* an SOP is a service; no keywords: the names of its codes */
	p = site_find_page(&f->s, "sop/b.md");
	m = dcmeta_page(&a, &f->s, p, &n);
	assert_string_equal(meta(m, n, "DC.Type", 0), "服務");
	assert_string_equal(meta(m, n, "Keywords", 0), "司法與檢察,檢察偵查,"
	    "公共資訊");
	assert_string_equal(meta(m, n, "DC.coverage.t.min", 0), "2015-03-20");
	assert_string_equal(meta(m, n, "DC.coverage.t.max", 0), "2015-03-20");

	/* a section without a date: dated by its newest page */
	p = site_find_page(&f->s, "faq/_index.md");
	m = dcmeta_page(&a, &f->s, p, &n);
	assert_string_equal(meta(m, n, "DC.Date", 0), "2015-06-30");
	assert_string_equal(meta(m, n, "DC.Relation", 0), "https://t.gov.tw/sub/");

	/* a code page carries its own code and the home page's others */
	p = site_find_code(&f->s, SCHEME_THEME, "610")->page;
	m = dcmeta_page(&a, &f->s, p, &n);
	assert_string_equal(meta(m, n, "DC.Title", 0), "主題分類：司法與檢察");
	assert_string_equal(meta(m, n, "Category.Theme", 0), "610");
	assert_string_equal(meta(m, n, "Category.Cake", 0), "811");
	assert_string_equal(meta(m, n, "Category.Service", 0), "I00");
	assert_string_equal(meta(m, n, "DC.Relation", 0),
	    "https://t.gov.tw/sub/classification/theme/");
	assert_string_equal(meta(m, n, "DC.Date", 0), "2015-06-30");
	arena_free(&a);
}

static void
test_index_model(void **state)
{
	struct fixture *f = *state;
	const struct class_scheme *cs = &f->s.schemes[SCHEME_THEME];
	const struct class_code *cc;
	struct buf b = BUF_INIT;

	/* 600 has no pages: listed, no page; 610 lists every content page,
	 * newest first */
	assert_int_equal(cs->ncodes, 2);
	assert_null(site_find_code(&f->s, SCHEME_THEME, "600")->page);
	cc = site_find_code(&f->s, SCHEME_THEME, "610");
	assert_int_equal(cc->npages, 4);
	assert_string_equal(cc->pages[0]->rel, "sop/b.md");
	assert_string_equal(cc->pages[1]->rel, "faq/a.md");
	assert_string_equal(cc->page->url, "/classification/theme/610/");
	assert_int_equal(cs->npages, 4);
	assert_null(site_find_code(&f->s, SCHEME_SERVICE, "100")->page);
	assert_non_null(site_find_code(&f->s, SCHEME_SERVICE, "E00")->page);
	assert_string_equal(f->s.sitemap->url, "/sitemap/");

	/* the scheme page links 610 and not 600 */
	assert_int_equal(render_page(f->r, cs->page, &b), 0);
	assert_non_null(strstr(b.data, "<a href=\"/sub/classification/theme/"
	    "610/\">司法與檢察</a>"));
	assert_null(strstr(b.data, "classification/theme/600/"));
	assert_non_null(strstr(b.data, "<th scope=\"col\">代碼</th>"));
	assert_non_null(strstr(b.data, "<caption>"));
	buf_reset(&b);

	/* sitemap.xml: sorted absolute URLs with lastmod */
	assert_int_equal(render_sitemap_xml(f->r, &b), 0);
	assert_non_null(strstr(b.data, "<url><loc>https://t.gov.tw/sub/faq/a/"
	    "</loc><lastmod>2015-06-30</lastmod></url>"));
	assert_true(strstr(b.data, "/sub/classification/") <
	    strstr(b.data, "/sub/faq/"));
	buf_reset(&b);
	assert_int_equal(render_robots(f->r, &b), 0);
	assert_non_null(strstr(b.data, "Sitemap: https://t.gov.tw/sub/"
	    "sitemap.xml\n"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_meta_names_every_kind,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_meta_values, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_index_model, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
