/* feed: Atom feeds; see feed.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "config.h"
#include "date.h"
#include "escape.h"
#include "feed.h"
#include "site.h"
#include "util.h"

struct dated {
	const struct page	*p;
	struct date		 d;
};

static int
cmp_dated(const void *a, const void *b)
{
	const struct dated *x = a, *y = b;
	int c = date_cmp(&y->d, &x->d);

	return c != 0 ? c : strcmp(x->p->url, y->p->url);
}

static void
text(struct buf *o, const char *tag, const char *v)
{
	buf_printf(o, "<%s>", tag);
	escape_xml(o, v, strlen(v));
	buf_printf(o, "</%s>\n", tag);
}

static void
when(struct buf *o, const char *tag, const struct date *d)
{
	char iso[32];

	date_iso(d, iso, sizeof(iso));
	buf_printf(o, "<%s>%sT00:00:00Z</%s>\n", tag, iso, tag);
}

/* One feed of the pages pg[0..n) (regular, not drafts), at rel. */
static void
one_feed(const struct site *s, struct page *const *pg, size_t n,
    const char *title, const char *page_url, const char *rel,
    feed_put_fn put, void *arg)
{
	struct arena a = ARENA_INIT;
	struct buf b = BUF_INIT;
	struct dated *v = xcalloc(n + 1, sizeof(*v));
	size_t i, m = 0;
	const char *self;

	for (i = 0; i < n; i++) {
		if (pg[i]->type != PAGE_REGULAR || pg[i]->draft)
			continue;
		v[m].p = pg[i];
		v[m].d = page_updated(pg[i]);
		if (v[m].d.year != 0)
			m++;
	}
	qsort(v, m, sizeof(*v), cmp_dated);
	if (m > FEED_ENTRIES)
		m = FEED_ENTRIES;
	self = site_permalink(&a, s, arena_printf(&a, "/%s", rel));
	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"");
	escape_xml(&b, s->cfg->language, strlen(s->cfg->language));
	buf_puts(&b, "\">\n");
	text(&b, "title", title);
	text(&b, "id", self);
	buf_puts(&b, "<link rel=\"self\" type=\"application/atom+xml\" href=\"");
	escape_xml(&b, self, strlen(self));
	buf_puts(&b, "\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"");
	self = site_permalink(&a, s, page_url);
	escape_xml(&b, self, strlen(self));
	buf_puts(&b, "\"/>\n");
	if (m > 0)
		when(&b, "updated", &v[0].d);
	else {
		struct date d = site_updated(s);

		if (d.year == 0)
			d.year = 1970, d.month = 1, d.day = 1;
		when(&b, "updated", &d);
	}
	buf_puts(&b, "<author>\n");
	text(&b, "name", s->cfg->agency.name ? s->cfg->agency.name : s->cfg->title);
	buf_puts(&b, "</author>\n");
	buf_puts(&b, "<generator>gongkai</generator>\n");
	for (i = 0; i < m; i++) {
		const struct page *p = v[i].p;
		const char *u = site_permalink(&a, s, p->url);

		buf_puts(&b, "<entry>\n");
		text(&b, "title", p->title);
		text(&b, "id", u);
		buf_puts(&b, "<link rel=\"alternate\" type=\"text/html\" href=\"");
		escape_xml(&b, u, strlen(u));
		buf_puts(&b, "\"/>\n");
		when(&b, "updated", &v[i].d);
		if (p->date.year != 0)
			when(&b, "published", &p->date);
		if (page_summary(p)[0] != '\0')
			text(&b, "summary", page_summary(p));
		buf_puts(&b, "</entry>\n");
	}
	buf_puts(&b, "</feed>\n");
	put(arg, rel, b.data, b.len);
	buf_free(&b);
	free(v);
	arena_free(&a);
}

void
feed_write(const struct site *s, feed_put_fn put, void *arg)
{
	struct arena a = ARENA_INIT;
	size_t i;

	one_feed(s, (struct page *const *)s->pages, s->npages,
	    arena_printf(&a, "%s：最新更新", s->cfg->title), "/", "feed.xml",
	    put, arg);
	for (i = 0; i < s->nsections; i++) {
		const struct section *sec = &s->sections[i];

		one_feed(s, (struct page *const *)sec->pages, sec->npages,
		    arena_printf(&a, "%s：%s", s->cfg->title, sec->title),
		    sec->url, arena_printf(&a, "%sfeed.xml", sec->url + 1),
		    put, arg);
	}
	arena_free(&a);
}
