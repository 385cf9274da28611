#include "site.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "revisions.h"
#include "util.h"

static const struct {
	const char	*name;
	enum page_kind	 kind;
	const char	*section;	/* conventional folder */
	const char	*label;		/* in lists */
} kinds[] = {
	{ "page",   KIND_PAGE,   "",        "網頁" },
	{ "plan",   KIND_PLAN,   "plans",   "施政計畫" },
	{ "report", KIND_REPORT, "reports", "執行成果" },
	{ "faq",    KIND_FAQ,    "faq",     "常見問題" },
	{ "sop",    KIND_SOP,    "sop",     "標準作業程序" },
	{ "news",   KIND_NEWS,   "news",    "最新消息" },
};

const char *
page_kind_name(enum page_kind k)
{
	size_t i;

	for (i = 0; i < NELEM(kinds); i++)
		if (kinds[i].kind == k)
			return kinds[i].name;
	return "page";
}

int
page_kind_parse(const char *s, enum page_kind *out)
{
	size_t i;

	for (i = 0; i < NELEM(kinds); i++)
		if (strcmp(kinds[i].name, s) == 0) {
			*out = kinds[i].kind;
			return 0;
		}
	return -1;
}

enum page_kind
page_kind_for_section(const char *section)
{
	size_t i;

	for (i = 1; i < NELEM(kinds); i++)
		if (strcmp(kinds[i].section, section) == 0)
			return kinds[i].kind;
	return KIND_PAGE;
}

void
site_init(struct site *s, const struct config *cfg)
{
	memset(s, 0, sizeof(*s));
	s->cfg = cfg;
}

void
site_add_page(struct site *s, struct page *p)
{
	if (s->npages == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->pages = xrealloc(s->pages, s->cap * sizeof(*s->pages));
	}
	s->pages[s->npages++] = p;
}

void
site_add_revision(struct site *s, struct page *p)
{
	if (s->nrevpages == s->revcap) {
		s->revcap = s->revcap ? s->revcap * 2 : 64;
		s->revpages = xrealloc(s->revpages, s->revcap * sizeof(*s->revpages));
	}
	s->revpages[s->nrevpages++] = p;
}

void
site_add_static(struct site *s, const char *src, const char *out)
{
	if (s->nstatics == s->scap) {
		s->scap = s->scap ? s->scap * 2 : 64;
		s->statics = xrealloc(s->statics, s->scap * sizeof(*s->statics));
	}
	s->statics[s->nstatics].src = arena_strdup(&s->arena, src);
	s->statics[s->nstatics].out = arena_strdup(&s->arena, out);
	s->nstatics++;
}

/* Regular pages: weight (0 = unset, last), then newest date, title, path. */
static int
cmp_pages(const void *a, const void *b)
{
	const struct page *x = *(struct page *const *)a;
	const struct page *y = *(struct page *const *)b;
	int c;

	if (x->weight != y->weight) {
		if (x->weight == 0)
			return 1;
		if (y->weight == 0)
			return -1;
		return x->weight < y->weight ? -1 : 1;
	}
	if ((c = date_cmp(&y->date, &x->date)) != 0)
		return c;
	if ((c = strcmp(x->title, y->title)) != 0)
		return c;
	return strcmp(x->rel, y->rel);
}

static int
cmp_sections(const void *a, const void *b)
{
	const struct section *x = a, *y = b;

	if (x->weight != y->weight) {
		if (x->weight == 0)
			return 1;
		if (y->weight == 0)
			return -1;
		return x->weight < y->weight ? -1 : 1;
	}
	return strcmp(x->name, y->name);
}

static int
cmp_out(const void *a, const void *b)
{
	int c = strcmp((*(struct page *const *)a)->out,
	    (*(struct page *const *)b)->out);

	return c ? c : strcmp((*(struct page *const *)a)->rel,
	    (*(struct page *const *)b)->rel);
}

static int
cmp_rel(const void *a, const void *b)
{
	return strcmp((*(struct page *const *)a)->rel,
	    (*(struct page *const *)b)->rel);
}

/* A generated index page for a section or the home page. */
static struct page *
generated_index(struct site *s, enum page_type type, const char *section,
    const char *title)
{
	struct page *p = arena_alloc(&s->arena, sizeof(*p));

	p->type = type;
	p->section = section;
	p->rel = type == PAGE_HOME ? "_index.md" :
	    arena_printf(&s->arena, "%s/_index.md", section);
	p->path = arena_printf(&s->arena, "%s/%s", s->content_dir, p->rel);
	p->title = title;
	p->summary = "";
	p->body = "";
	p->kind = page_kind_for_section(section);
	p->generated = 1;
	site_add_page(s, p);
	return p;
}

/* File name of rel without folder and ".md". */
static const char *
base_name(struct arena *a, const char *rel)
{
	const char *b = strrchr(rel, '/');
	size_t n;

	b = b ? b + 1 : rel;
	n = strlen(b);
	if (n > 3 && strcmp(b + n - 3, ".md") == 0)
		n -= 3;
	return arena_strndup(a, b, n);
}

static void
set_url(struct site *s, struct page *p)
{
	const char *leaf;

	if (p->url != NULL)
		return;	/* generated pages come with theirs */
	if (p->type == PAGE_HOME) {
		p->url = "/";
		p->out = "index.html";
		return;
	}
	if (p->type == PAGE_SECTION) {
		p->url = arena_printf(&s->arena, "/%s/", p->section);
		p->out = arena_printf(&s->arena, "%s/index.html", p->section);
		return;
	}
	/* a page in a subfolder of a section keeps the subfolder:
	 * DIR/LEAF/index.html at /DIR/LEAF/ (without printf: 5,000 pages
	 * took 3.5 ms) */
	leaf = p->slug ? p->slug : base_name(&s->arena, p->rel);
	const char *slash = strrchr(p->rel, '/');
	size_t dl = slash != NULL ? (size_t)(slash - p->rel) + 1 : 0;
	size_t ll = strlen(leaf);
	char *out = arena_alloc_raw(&s->arena, dl + ll + sizeof("/index.html"));
	char *url = arena_alloc_raw(&s->arena, 1 + dl + ll + 2);

	memcpy(out, p->rel, dl);
	memcpy(out + dl, leaf, ll);
	memcpy(out + dl + ll, "/index.html", sizeof("/index.html"));
	url[0] = '/';
	memcpy(url + 1, out, dl + ll);
	memcpy(url + 1 + dl + ll, "/", 2);
	p->url = url;
	p->out = out;
}

static struct section *
find_section(struct site *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nsections; i++)
		if (strcmp(s->sections[i].name, name) == 0)
			return &s->sections[i];
	return NULL;
}

/* ------------------------------------------------------------------ */
/* Generated pages: 網站導覽 and the classification indexes (issue 4)  */

static struct page *
gen_page(struct site *s, enum page_type type, const char *url,
    const char *title, const char *summary, const struct page *up)
{
	struct page *p = arena_alloc(&s->arena, sizeof(*p));

	p->type = type;
	p->generated = 1;
	p->kind = KIND_PAGE;
	p->section = "";
	/* a rel no content file can have, so .md links never reach it */
	p->rel = url;
	p->path = url;
	p->url = url;
	p->out = arena_printf(&s->arena, "%sindex.html", url + 1);
	p->title = title;
	p->summary = summary;
	p->body = "";
	p->up = up;
	site_add_page(s, p);
	return p;
}

/* Keywords of a generated page (Keywords, DC.Subject): up to four. */
static void
gen_keywords(struct site *s, struct page *p, const char *k1, const char *k2,
    const char *k3, const char *k4)
{
	const char *k[4] = { k1, k2, k3, k4 };
	size_t i;

	p->keywords.v = arena_alloc(&s->arena, 4 * sizeof(*p->keywords.v));
	p->keywords.pos = arena_alloc(&s->arena, 4 * sizeof(*p->keywords.pos));
	for (i = 0; i < 4 && k[i] != NULL; i++)
		p->keywords.v[p->keywords.n++] = k[i];
}

static void
gen_sitemap(struct site *s)
{
	s->sitemap = gen_page(s, PAGE_SITEMAP, "/sitemap/", "網站導覽",
	    "網站導覽：快速鍵說明及本網站全部網頁的架構。", NULL);
	gen_keywords(s, s->sitemap, "網站導覽", "快速鍵", "網站架構", NULL);
}

static void
gen_search(struct site *s)
{
	s->search = gen_page(s, PAGE_SEARCH, "/search/", "網站搜尋",
	    "以關鍵字搜尋本網站全部網頁。", NULL);
	gen_keywords(s, s->search, "網站搜尋", "全文檢索", NULL, NULL);
}

/* /audit/: the findings of gongkai audit, filled in at render time. */
static void
gen_audit(struct site *s)
{
	s->audit_page = gen_page(s, PAGE_AUDIT, "/audit/", "服務品質自我檢核",
	    "依法務部提升服務品質實施計畫，檢核本網站應公開的計畫、報告、"
	    "標準作業程序及常見問題。", NULL);
	gen_keywords(s, s->audit_page, "自我檢核", "提升服務品質", "資訊公開",
	    NULL);
}

static struct page **gen_pager(struct site *s, struct page *first,
    size_t nitems);

/* Code pages list newest first: date, then title, source. (Not the
 * update date: history from git arrives after site_build.) */
static int
cmp_newest(const void *a, const void *b)
{
	const struct page *x = *(struct page *const *)a;
	const struct page *y = *(struct page *const *)b;
	int c;

	if ((c = date_cmp(&y->date, &x->date)) != 0)
		return c;
	if ((c = strcmp(x->title, y->title)) != 0)
		return c;
	return strcmp(x->rel, y->rel);
}

static struct class_code *
find_code(struct class_scheme *cs, const char *code)
{
	size_t i;

	for (i = 0; i < cs->ncodes; i++)
		if (strcmp(cs->codes[i].entry->code, code) == 0)
			return &cs->codes[i];
	return NULL;
}

static void
gen_classification(struct site *s)
{
	struct page *root, *p;
	struct class_code *cc;
	struct { struct class_code *cc; struct page *p; } *hits = NULL;
	struct page **newest;
	size_t i, k, sc, nhits = 0, cap = 0, nnewest = 0;

	root = gen_page(s, PAGE_CLASSIFICATION, "/classification/", "分類檢索",
	    "依主題分類、施政分類及服務分類瀏覽本網站的網頁。", NULL);
	s->classification = root;
	gen_keywords(s, root, "分類檢索", "主題分類", "施政分類",
	    "服務分類");
	/* only content pages are indexed; the generated ones added below
	 * carry codes for their metadata alone */
	size_t ncontent = s->npages;

	for (sc = 0; sc < NSCHEMES; sc++) {
		struct class_scheme *cs = &s->schemes[sc];

		cs->scheme = (enum scheme)sc;
		cs->vocab = &s->cls->v[sc];
		cs->ncodes = cs->vocab->n;
		cs->codes = arena_alloc(&s->arena, (cs->ncodes + 1) *
		    sizeof(*cs->codes));
		for (i = 0; i < cs->ncodes; i++)
			cs->codes[i].entry = &cs->vocab->e[i];
	}
	/* each page's codes of every scheme, in one pass over the pages
	 * (one per scheme and count missed the cache on every page: 4 ms
	 * of 5,000), newest first: each code's list is then in its order
	 * (sorting every list was 6 ms of 5,000 pages); then each list
	 * filled in one allocation */
	newest = xmalloc((ncontent + 1) * sizeof(*newest));
	for (i = 0; i < ncontent; i++)
		if (!s->pages[i]->generated)
			newest[nnewest++] = s->pages[i];
	xqsort(newest, nnewest, sizeof(*newest), cmp_newest);
	for (i = 0; i < nnewest; i++) {
		p = newest[i];
		for (sc = 0; sc < NSCHEMES; sc++) {
			struct class_scheme *cs = &s->schemes[sc];
			const struct strlist *l = page_codes(p, cs->scheme);
			int any = 0;

			for (k = 0; k < l->n; k++) {
				if ((cc = find_code(cs, l->v[k])) == NULL)
					continue;
				cc->npages++;
				any = 1;
				if (nhits == cap) {
					cap = cap ? cap * 2 : 1024;
					hits = xrealloc(hits, cap * sizeof(*hits));
				}
				hits[nhits].cc = cc;
				hits[nhits++].p = p;
			}
			cs->npages += any;
		}
	}
	for (sc = 0; sc < NSCHEMES; sc++) {
		struct class_scheme *cs = &s->schemes[sc];

		for (i = 0; i < cs->ncodes; i++) {
			cs->codes[i].pages = arena_alloc(&s->arena,
			    (cs->codes[i].npages + 1) * sizeof(struct page *));
			cs->codes[i].npages = 0;
		}
	}
	for (k = 0; k < nhits; k++) {
		cc = hits[k].cc;
		cc->pages[cc->npages++] = hits[k].p;
	}
	free(hits);
	free(newest);
	for (sc = 0; sc < NSCHEMES; sc++) {
		struct class_scheme *cs = &s->schemes[sc];
		const char *label = classify_label((enum scheme)sc);

		cs->page = gen_page(s, PAGE_SCHEME, arena_printf(&s->arena,
		    "/classification/%s/", classify_key(cs->scheme)), label,
		    arena_printf(&s->arena, "%s代碼表：每一類的名稱、上下層關係"
		    "及網頁數。", label), root);
		cs->page->scheme = cs;
		gen_keywords(s, cs->page, label, "分類檢索", NULL, NULL);
		for (i = 0; i < cs->ncodes; i++) {
			cc = &cs->codes[i];
			if (cc->npages == 0)
				continue;	/* listed without a link */
			cc->page = gen_page(s, PAGE_CODE, arena_printf(&s->arena,
			    "/classification/%s/%s/", classify_key(cs->scheme),
			    cc->entry->code), arena_printf(&s->arena, "%s：%s",
			    label, cc->entry->name), arena_printf(&s->arena,
			    "%s「%s」（代碼 %s）的網頁列表。", label,
			    cc->entry->name, cc->entry->code), cs->page);
			cc->page->scheme = cs;
			cc->page->code = cc;
			gen_keywords(s, cc->page, cc->entry->name, label, NULL,
			    NULL);
			cc->pager = gen_pager(s, cc->page, cc->npages);
		}
	}
}

static struct strlist *
codes_of(struct page *p, enum scheme sc)
{
	switch (sc) {
	case SCHEME_THEME:
		return &p->theme;
	case SCHEME_CAKE:
		return &p->cake;
	default:
		return &p->service;
	}
}

/* The codes of generated pages: site.yaml's `classification`, else the
 * home page's (it describes the whole site), else for service I00
 * 公共資訊, the life event of public information. */
static void
gen_codes(struct site *s)
{
	struct buf zh = BUF_INIT, en = BUF_INIT;
	size_t i, sc;

	for (sc = 0; sc < NSCHEMES; sc++) {
		struct strlist *g = &s->gen_codes[sc];
		const struct strlist *home = codes_of(s->home, (enum scheme)sc);

		if (s->cfg->classification[sc].n > 0)
			*g = s->cfg->classification[sc];
		else if (!s->home->generated && home->n > 0)
			*g = *home;
		else if (sc == SCHEME_SERVICE && (s->cls == NULL ||
		    classify_find(&s->cls->v[sc], "I00") != NULL)) {
			g->v = arena_alloc(&s->arena, sizeof(*g->v));
			g->v[0] = "I00";
			g->pos = arena_alloc(&s->arena, sizeof(*g->pos));
			g->n = 1;
		}
		if (g->n == 0 && s->home->generated) {
			buf_printf(&zh, "%s%s", zh.len ? "、" : "",
			    classify_label((enum scheme)sc));
			buf_printf(&en, "%s%s", en.len ? ", " : "",
			    classify_key((enum scheme)sc));
		}
	}
	if (zh.len > 0 && s->cls != NULL)
		diag_strict(s->cfg->path, 1, 1, "自動產生的頁面（首頁、分類檢索、"
		    "網站導覽等）沒有%s代碼：請在 site.yaml 的 classification "
		    "設定，或建立 content/_index.md 並標示分類 (generated pages "
		    "have no %s code)", buf_cstr(&zh), buf_cstr(&en));
	buf_free(&zh);
	buf_free(&en);
	for (i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];

		if (!p->generated)
			continue;
		for (sc = 0; sc < NSCHEMES; sc++)
			*codes_of(p, (enum scheme)sc) = s->gen_codes[sc];
		if (p->type == PAGE_CODE) {
			struct strlist *l = codes_of(p, p->scheme->scheme);

			l->v = arena_alloc(&s->arena, sizeof(*l->v));
			l->v[0] = p->code->entry->code;
			l->pos = arena_alloc(&s->arena, sizeof(*l->pos));
			l->n = 1;
		}
	}
}

/* A list cut in pages of site.yaml's paginate (Hugo's /LIST/page/N/):
 * first (a section's index, a code's page) lists the first nitems / paginate
 * of them, and a generated page each of the others, of first's type,
 * section, code and codes, titled 「…（第 N 頁）」, with first above it in
 * breadcrumbs. Returns the pages, first at [0]. An FAQ edit then renders
 * the page that shows the answer, not every answer of the section. */
static struct page **
gen_pager(struct site *s, struct page *first, size_t nitems)
{
	size_t per = s->cfg->paginate > 0 ? (size_t)s->cfg->paginate : 0;
	size_t total = 1, k, sc;
	struct page **pager;

	if (per > 0 && nitems > per)
		total = (nitems + per - 1) / per;
	else
		per = nitems;
	pager = arena_alloc(&s->arena, total * sizeof(*pager));
	pager[0] = first;
	for (k = 1; k < total; k++) {
		struct page *p = gen_page(s, first->type, arena_printf(
		    &s->arena, "%spage/%zu/", first->url, k + 1), arena_printf(
		    &s->arena, "%s（第 %zu 頁）", first->title, k + 1),
		    first->summary, first);

		p->section = first->section;
		p->sec = first->sec;
		p->kind = first->kind;
		p->scheme = first->scheme;
		p->code = first->code;
		for (sc = 0; sc < NSCHEMES; sc++)
			*codes_of(p, (enum scheme)sc) = *codes_of(first,
			    (enum scheme)sc);
		p->keywords = first->keywords;
		pager[k] = p;
	}
	for (k = 0; k < total; k++) {
		struct page *p = pager[k];

		p->list_from = k * per;
		p->list_n = k + 1 < total ? per : nitems - k * per;
		p->pager_num = k + 1;
		p->pager_total = total;
	}
	return pager;
}

struct page *const *
page_pager(const struct page *p)
{
	if (p->type == PAGE_CODE && p->code != NULL)
		return p->code->pager;
	if (p->type == PAGE_SECTION && p->sec != NULL)
		return p->sec->pager;
	return NULL;
}

struct page *const *
page_listed(const struct page *p, size_t *n)
{
	struct page *const *all = NULL;

	if (p->type == PAGE_CODE && p->code != NULL)
		all = p->code->pages;
	else if (p->type == PAGE_SECTION && p->sec != NULL)
		all = p->sec->pages;
	*n = all != NULL ? p->list_n : 0;
	return all != NULL ? all + p->list_from : NULL;
}

int
site_build(struct site *s)
{
	size_t i, j, nsec = 0;
	int errors = 0;
	struct page *p;

	/* deterministic order whatever order pages were parsed in */
	xqsort(s->pages, s->npages, sizeof(*s->pages), cmp_rel);

	/* sections: every top-level folder holding a page */
	s->sections = arena_alloc(&s->arena, (s->npages + 1) * sizeof(*s->sections));
	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		if (p->type == PAGE_HOME) {
			s->home = p;
			continue;
		}
		if (p->section[0] == '\0' || find_section(s, p->section))
			continue;
		struct section *sec = &s->sections[s->nsections++];
		sec->name = p->section;
	}
	nsec = s->nsections;
	for (i = 0; i < nsec; i++) {
		struct section *sec = &s->sections[i];

		for (j = 0; j < s->npages; j++) {
			p = s->pages[j];
			if (p->type == PAGE_SECTION &&
			    strcmp(p->section, sec->name) == 0)
				sec->index = p;
		}
		if (sec->index == NULL)
			sec->index = generated_index(s, PAGE_SECTION, sec->name,
			    sec->name);
		sec->title = sec->index->title[0] ? sec->index->title : sec->name;
		sec->index->title = sec->title;
		sec->weight = sec->index->weight;
		sec->url = arena_printf(&s->arena, "/%s/", sec->name);
	}
	if (s->home == NULL)
		s->home = generated_index(s, PAGE_HOME, "", s->cfg->title);
	if (s->home->title[0] == '\0')
		s->home->title = s->cfg->title;
	xqsort(s->sections, s->nsections, sizeof(*s->sections), cmp_sections);

	/* pages into their sections; URLs */
	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		set_url(s, p);
		if (p->section[0] != '\0')
			p->sec = find_section(s, p->section);
	}
	gen_sitemap(s);
	gen_search(s);
	if (s->cfg->audit.publish)
		gen_audit(s);
	if (s->cls != NULL)
		gen_classification(s);
	gen_codes(s);
	for (i = 0; i < s->nsections; i++) {
		struct section *sec = &s->sections[i];

		sec->pages = arena_alloc(&s->arena, (s->npages + 1) * sizeof(*sec->pages));
		for (j = 0; j < s->npages; j++) {
			p = s->pages[j];
			if (p->type == PAGE_REGULAR && p->sec == sec)
				sec->pages[sec->npages++] = p;
		}
		xqsort(sec->pages, sec->npages, sizeof(*sec->pages), cmp_pages);
		sec->pager = gen_pager(s, sec->index, sec->npages);
	}
	xqsort(s->pages, s->npages, sizeof(*s->pages), cmp_rel);

	/* two sources for one URL: name both */
	struct page **byout = xmalloc((s->npages + 1) * sizeof(*byout));
	memcpy(byout, s->pages, s->npages * sizeof(*byout));
	xqsort(byout, s->npages, sizeof(*byout), cmp_out);
	for (i = 1; i < s->npages; i++) {
		if (strcmp(byout[i - 1]->out, byout[i]->out) != 0)
			continue;
		if (byout[i - 1]->generated || byout[i]->generated) {
			const struct page *c = byout[i - 1]->generated ?
			    byout[i] : byout[i - 1];

			diag_error(c->path, 1, 1, "網址 %s 保留給 gongkai 自動產生的"
			    "頁面，請改用其他檔名或 slug (URL reserved for a "
			    "generated page)", c->url);
			errors++;
			continue;
		}
		diag_error(byout[i]->path, 1, 1,
		    "網址 %s 與 %s 重複 (two pages have the same URL)",
		    byout[i]->url, byout[i - 1]->path);
		errors++;
	}
	/* a file copied from content/ onto a page's path (faq/a/index.html
	 * beside faq/a.md): one would silently replace the other */
	for (i = 0; i < s->nstatics; i++) {
		size_t lo = 0, hi = s->npages;

		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			int c = strcmp(byout[mid]->out, s->statics[i].out);

			if (c == 0) {
				diag_error(s->statics[i].src, 1, 1, "此檔案與頁面 %s "
				    "都要寫到 %s，請改名或移除其中之一 (a file and a "
				    "page have the same output path)",
				    byout[mid]->generated ? byout[mid]->url :
				    byout[mid]->path, s->statics[i].out);
				errors++;
				break;
			}
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
	}
	free(byout);
	return errors ? -1 : 0;
}

struct page *
site_find_page(const struct site *s, const char *rel)
{
	size_t lo = 0, hi = s->npages;

	/* pages are sorted by rel after site_build */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(s->pages[mid]->rel, rel);

		if (c == 0)
			return s->pages[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct page *
site_find_url(const struct site *s, const char *url)
{
	size_t i;

	for (i = 0; i < s->npages; i++)
		if (strcmp(s->pages[i]->url, url) == 0)
			return s->pages[i];
	return NULL;
}

void
page_free_rendered(struct page *p)
{
	size_t k;

	if (!p->md_mapped) {
		free(p->html);
		free(p->auto_summary);
		for (k = 0; k < p->nheadings; k++) {
			free(p->headings[k].id);
			free(p->headings[k].text);
		}
	}
	free(p->headings);
	p->md_mapped = 0;
	p->html = p->auto_summary = NULL;
	p->headings = NULL;
	p->nheadings = 0;
	if (p->revision) {
		free(p->revision->diff_html);
		p->revision->diff_html = NULL;
	}
}

void
site_free(struct site *s)
{
	size_t i;

	for (i = 0; i < s->npages; i++)
		page_free_rendered(s->pages[i]);
	for (i = 0; i < s->nrevpages; i++)
		page_free_rendered(s->revpages[i]);
	free(s->revpages);
	free(s->pages);
	free(s->statics);
	arena_free(&s->arena);
	memset(s, 0, sizeof(*s));
}

/* ------------------------------------------------------------------ */
/* Questions about pages (issue 4)                                     */

struct date
page_updated(const struct page *p)
{
	/* set by revisions_attach: lastmod, else the newest commit */
	if (p->modified.year != 0)
		return p->modified;
	return p->lastmod.year != 0 ? p->lastmod : p->date;
}

static void
keep_newer(struct date *best, const struct page *p)
{
	struct date d = page_updated(p);

	if (date_cmp(&d, best) > 0)
		*best = d;
}

struct date
site_updated(const struct site *s)
{
	struct date best = { 0, 0, 0 };
	size_t i;

	for (i = 0; i < s->npages; i++)
		keep_newer(&best, s->pages[i]);
	return best;
}

struct date
site_page_updated(const struct site *s, const struct page *p)
{
	struct date best = page_updated(p), all;
	struct page *const *listed;
	size_t i, k, n;

	switch (p->type) {
	case PAGE_SECTION:
	case PAGE_CODE:
		listed = page_listed(p, &n);
		for (i = 0; i < n; i++)
			keep_newer(&best, listed[i]);
		break;
	case PAGE_HOME:
	case PAGE_CLASSIFICATION:
	case PAGE_SITEMAP:
	case PAGE_SEARCH:
	case PAGE_AUDIT:
		all = site_updated(s);
		if (date_cmp(&all, &best) > 0)
			best = all;
		break;
	case PAGE_SCHEME:
		for (k = 0; k < p->scheme->ncodes; k++)
			for (i = 0; i < p->scheme->codes[k].npages; i++)
				keep_newer(&best, p->scheme->codes[k].pages[i]);
		break;
	case PAGE_REGULAR:
	case PAGE_REVISION:
		break;
	}
	return best;
}

const char *
page_summary(const struct page *p)
{
	if (p->summary && p->summary[0])
		return p->summary;
	return p->auto_summary ? p->auto_summary : "";
}

const char *
page_kind_label(const struct page *p)
{
	size_t i;

	switch (p->type) {
	case PAGE_HOME:
		return "首頁";
	case PAGE_SECTION:
		return "單元";
	case PAGE_CLASSIFICATION:
	case PAGE_SCHEME:
	case PAGE_CODE:
		return "分類檢索";
	case PAGE_SITEMAP:
		return "網站導覽";
	case PAGE_SEARCH:
		return "網站搜尋";
	case PAGE_REVISION:
		return "歷史版本";
	case PAGE_AUDIT:
		return "自我檢核";
	case PAGE_REGULAR:
		break;
	}
	for (i = 0; i < NELEM(kinds); i++)
		if (kinds[i].kind == p->kind)
			return kinds[i].label;
	return "網頁";
}

const struct strlist *
page_codes(const struct page *p, enum scheme sc)
{
	return codes_of((struct page *)p, sc);
}

const char *
site_link(struct arena *a, const struct site *s, const char *url)
{
	struct buf b = BUF_INIT;
	const char *r;

	escape_url_path(&b, s->cfg->base_path, strlen(s->cfg->base_path));
	escape_url_path(&b, url + 1, strlen(url + 1));
	r = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

const char *
site_permalink(struct arena *a, const struct site *s, const char *url)
{
	const char *base = s->cfg->base_url;
	size_t host = strlen(base) - strlen(s->cfg->base_path);

	return arena_printf(a, "%.*s%s", (int)host, base, site_link(a, s, url));
}

const struct class_code *
site_find_code(const struct site *s, enum scheme sc, const char *code)
{
	if (s->cls == NULL)
		return NULL;
	return find_code((struct class_scheme *)&s->schemes[sc], code);
}
