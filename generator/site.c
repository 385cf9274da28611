#include "site.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "util.h"

static const struct {
	const char	*name;
	enum page_kind	 kind;
	const char	*section;	/* conventional folder */
} kinds[] = {
	{ "page",   KIND_PAGE,   "" },
	{ "plan",   KIND_PLAN,   "plans" },
	{ "report", KIND_REPORT, "reports" },
	{ "faq",    KIND_FAQ,    "faq" },
	{ "sop",    KIND_SOP,    "sop" },
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
	/* a page in a subfolder of a section keeps the subfolder */
	leaf = p->slug ? p->slug : base_name(&s->arena, p->rel);
	const char *slash = strrchr(p->rel, '/');
	if (slash == NULL) {
		p->url = arena_printf(&s->arena, "/%s/", leaf);
		p->out = arena_printf(&s->arena, "%s/index.html", leaf);
	} else {
		size_t dl = (size_t)(slash - p->rel);
		p->url = arena_printf(&s->arena, "/%.*s/%s/", (int)dl, p->rel, leaf);
		p->out = arena_printf(&s->arena, "%.*s/%s/index.html", (int)dl,
		    p->rel, leaf);
	}
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

int
site_build(struct site *s)
{
	size_t i, j, nsec = 0;
	int errors = 0;
	struct page *p;

	/* deterministic order whatever order pages were parsed in */
	qsort(s->pages, s->npages, sizeof(*s->pages), cmp_rel);

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
	qsort(s->sections, s->nsections, sizeof(*s->sections), cmp_sections);

	/* pages into their sections; URLs */
	for (i = 0; i < s->npages; i++) {
		p = s->pages[i];
		set_url(s, p);
		if (p->section[0] != '\0')
			p->sec = find_section(s, p->section);
	}
	for (i = 0; i < s->nsections; i++) {
		struct section *sec = &s->sections[i];

		sec->pages = arena_alloc(&s->arena, (s->npages + 1) * sizeof(*sec->pages));
		for (j = 0; j < s->npages; j++) {
			p = s->pages[j];
			if (p->type == PAGE_REGULAR && p->sec == sec)
				sec->pages[sec->npages++] = p;
		}
		qsort(sec->pages, sec->npages, sizeof(*sec->pages), cmp_pages);
	}
	qsort(s->pages, s->npages, sizeof(*s->pages), cmp_rel);

	/* two sources for one URL: name both */
	struct page **byout = xmalloc((s->npages + 1) * sizeof(*byout));
	memcpy(byout, s->pages, s->npages * sizeof(*byout));
	qsort(byout, s->npages, sizeof(*byout), cmp_out);
	for (i = 1; i < s->npages; i++) {
		if (strcmp(byout[i - 1]->out, byout[i]->out) != 0)
			continue;
		diag_error(byout[i]->path, 1, 1,
		    "網址 %s 與 %s 重複 (two pages have the same URL)",
		    byout[i]->url, byout[i - 1]->path);
		errors++;
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
site_free(struct site *s)
{
	size_t i;

	for (i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];

		free(p->html);
		free(p->auto_summary);
		if (p->headings) {
			size_t k;

			for (k = 0; k < p->nheadings; k++) {
				free(p->headings[k].id);
				free(p->headings[k].text);
			}
			free(p->headings);
		}
	}
	free(s->pages);
	free(s->statics);
	arena_free(&s->arena);
	memset(s, 0, sizeof(*s));
}
