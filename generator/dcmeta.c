#include "dcmeta.h"

#include <string.h>

#include "buf.h"
#include "classify.h"
#include "date.h"

struct list {
	struct arena	*a;
	struct dcmeta	*v;
	size_t		 n, cap;
};

static void
add(struct list *l, const char *name, const char *content)
{
	if (l->n == l->cap) {
		struct dcmeta *nv;

		l->cap = l->cap ? l->cap * 2 : 32;
		nv = arena_alloc(l->a, l->cap * sizeof(*nv));
		if (l->n > 0)
			memcpy(nv, l->v, l->n * sizeof(*nv));
		l->v = nv;
	}
	l->v[l->n].name = name;
	l->v[l->n].content = content ? content : "";
	l->n++;
}

static const char *
iso(struct arena *a, const struct date *d)
{
	char b[32];

	date_iso(d, b, sizeof(b));
	return arena_strdup(a, b);
}

/* The agency's full name; the site title when site.yaml has none. */
static const char *
agency_name(const struct site *s)
{
	return s->cfg->agency.name[0] ? s->cfg->agency.name : s->cfg->title;
}

/* DC.Date: the page's date; a page without one (a generated list, an
 * _index.md without date) is dated by its newest listed page. */
static struct date
page_date(const struct site *s, const struct page *p)
{
	return p->date.year != 0 ? p->date : site_page_updated(s, p);
}

/* Keywords and DC.Subject: the front matter keywords; else the names of
 * the page's codes (主題 first); else the title. Joined with ",". */
static const char *
subject(struct arena *a, const struct site *s, const struct page *p)
{
	struct buf b = BUF_INIT;
	const char **seen;
	size_t i, k, nseen = 0;
	const char *r;
	int sc;

	for (i = 0; i < p->keywords.n; i++)
		buf_printf(&b, "%s%s", b.len ? "," : "", p->keywords.v[i]);
	seen = arena_alloc(a, (p->theme.n + p->cake.n + p->service.n + 1) *
	    sizeof(*seen));
	for (sc = 0; b.len == 0 && s->cls != NULL && sc < NSCHEMES; sc++) {
		const struct strlist *l = page_codes(p, (enum scheme)sc);

		for (i = 0; i < l->n; i++) {
			const struct vocab_entry *e =
			    classify_find(&s->cls->v[sc], l->v[i]);

			if (e == NULL)
				continue;
			for (k = 0; k < nseen && strcmp(seen[k], e->name); k++)
				;
			if (k < nseen)
				continue;	/* the same name in two schemes */
			seen[nseen++] = e->name;
		}
	}
	for (k = 0; k < nseen; k++)
		buf_printf(&b, "%s%s", k ? "," : "", seen[k]);
	if (b.len == 0)
		buf_puts(&b, p->title);
	r = arena_strndup(a, buf_cstr(&b), b.len);
	buf_free(&b);
	return r;
}

/* DC.Relation: the page this one belongs to, as an absolute URL: its
 * section, the index above a classification page, else the home page. */
static const char *
relation(struct arena *a, const struct site *s, const struct page *p)
{
	if (p->up != NULL)
		return site_permalink(a, s, p->up->url);
	if (p->type == PAGE_REGULAR && p->sec != NULL)
		return site_permalink(a, s, p->sec->url);
	return site_permalink(a, s, "/");
}

struct dcmeta *
dcmeta_page(struct arena *a, const struct site *s, const struct page *p,
    size_t *n)
{
	const struct config *c = s->cfg;
	struct list l = { a, NULL, 0, 0 };
	struct date d = page_date(s, p);
	const char *date = iso(a, &d), *subj = subject(a, s, p);
	const char *summary = page_summary(p);
	size_t i;
	int sc;

	add(&l, "DC.Title", p->title);
	add(&l, "DC.Creator", agency_name(s));
	add(&l, "DC.Subject", subj);
	add(&l, "DC.Description", summary[0] ? summary : p->title);
	add(&l, "DC.Contributor", p->agency && p->agency[0] ? p->agency :
	    agency_name(s));
	add(&l, "DC.Type", p->kind == KIND_SOP && p->type == PAGE_REGULAR ?
	    "服務" : "網頁");
	add(&l, "DC.Format", "text/html");
	add(&l, "DC.Source", c->base_url);
	add(&l, "DC.Language", c->language);
	if (p->coverage_min.year != 0) {
		add(&l, "DC.coverage.t.min", iso(a, &p->coverage_min));
		add(&l, "DC.coverage.t.max", iso(a, &p->coverage_max));
	} else {
		add(&l, "DC.coverage.t.min", date);
		add(&l, "DC.coverage.t.max", date);
	}
	add(&l, "DC.Publisher", agency_name(s));
	add(&l, "DC.Date", date);
	add(&l, "DC.Identifier", c->agency.code);
	add(&l, "DC.Relation", relation(a, s, p));
	add(&l, "DC.Rights", c->copyright[0] ? c->copyright : agency_name(s));
	for (sc = 0; sc < NSCHEMES; sc++) {
		const struct strlist *codes = page_codes(p, (enum scheme)sc);
		const char *name = classify_meta_name((enum scheme)sc);

		for (i = 0; i < codes->n; i++)
			add(&l, name, codes->v[i]);
		if (codes->n == 0)
			add(&l, name, "");
	}
	add(&l, "Keywords", subj);
	*n = l.n;
	return l.v;
}
