#include "revisions.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "fs.h"
#include "history.h"
#include "util.h"

struct revisions {
	struct history		*h;
	struct history_tz	*tz;
	const struct config	*cfg;
};

struct revisions *
revisions_open(const struct config *cfg, int strict, int threads)
{
	struct revisions *r;
	struct history_options opt;
	char *cache;

	if (!cfg->history.enabled)
		return NULL;	/* pages keep their front-matter dates */
	r = xcalloc(1, sizeof(*r));
	memset(&opt, 0, sizeof(opt));
	opt.follow_renames = cfg->history.follow_renames;
	opt.strict = strict;
	opt.status = 1;
	opt.threads = threads;
	r->cfg = cfg;
	if (history_tz_load(cfg->timezone, &r->tz) < 0) {
		diag_error(cfg->path, 0, 0, "未知的時區「%s」 (unknown time zone); "
		    "例如 Asia/Taipei", cfg->timezone);
		history_tz_load("Asia/Taipei", &r->tz);
	}
	/* the cache lives with the site, ignored by git; this may run on a
	 * thread of its own, so nothing is allocated from cfg */
	cache = fs_join(cfg->site_dir, ".gongkai");
	if (history_open(cfg->site_dir, cache, &opt, &r->h) < 0) {
		free(cache);
		revisions_close(r);
		return NULL;
	}
	free(cache);
	return r;
}

void
revisions_close(struct revisions *r)
{
	if (r == NULL)
		return;
	if (r->h)
		history_free(r->h);
	if (r->tz)
		history_tz_free(r->tz);
	free(r);
}

void
revisions_release(struct revisions *r)
{
	if (r != NULL)
		history_release_repo(r->h);
}

/* The author date in the site's zone, as a calendar date and ISO text. */
static void
set_when(struct revisions *r, struct arena *a, const struct history_entry *e,
    struct page_revision *pr)
{
	char iso[40];
	int off = history_tz_offset(r->tz, e->time);
	long long local = e->time + off;
	long days = (long)(local >= 0 ? local / 86400 : (local - 86399) / 86400);

	pr->date = date_from_days(days);
	history_format_tz(r->tz, e->time, iso, sizeof(iso));
	pr->when = arena_strdup(a, iso);
}

void
revisions_attach(struct revisions *r, struct site *s)
{
	size_t i, k, n;
	/* content/ in the repository, resolved once (not per page) */
	char *content = r != NULL ? history_repo_path(r->h, s->content_dir) : NULL;

	for (i = 0; i < s->npages; i++) {
		struct page *p = s->pages[i];
		const struct history_entry *e;
		struct page_history *ph;

		p->modified = p->lastmod.year ? p->lastmod : p->date;
		if (p->generated || r == NULL)
			continue;
		ph = arena_alloc(&s->arena, sizeof(*ph));
		p->history = ph;
		if (content == NULL)
			continue;
		p->repo_path = content[0] ? arena_printf(&s->arena, "%s/%s",
		    content, p->rel) : arena_strdup(&s->arena, p->rel);
		ph->uncommitted = history_status(r->h, p->repo_path) != HISTORY_CLEAN;
		e = history_lookup(r->h, p->repo_path, &n);
		if (!history_has_repo(r->h))
			continue;
		if (n == 0)
			ph->uncommitted = 1;
		ph->v = arena_alloc(&s->arena, (n + 1) * sizeof(*ph->v));
		ph->n = n;
		for (k = 0; k < n; k++) {
			struct page_revision *pr = &ph->v[k];

			pr->id = arena_strdup(&s->arena, e[k].id);
			pr->short_id = arena_strndup(&s->arena, e[k].id, 7);
			pr->author = arena_strdup(&s->arena, e[k].author_name);
			pr->subject = arena_strdup(&s->arena, e[k].subject);
			set_when(r, &s->arena, &e[k], pr);
		}
		if (ph->uncommitted)
			diag_strict(p->path, 0, 0, "尚未提交到 git 的變更 "
			    "(uncommitted changes): 頁面將標示「尚未提交」");
		if (p->lastmod.year == 0 && n > 0 && !ph->uncommitted)
			p->modified = ph->v[0].date;
	}
	free(content);
}

/* ------------------------------------------------------------------ */
/* Published revisions                                                 */

static int
publishes(const struct config *cfg, const char *section)
{
	size_t i;

	for (i = 0; i < cfg->history.npublish; i++)
		if (strcmp(cfg->history.publish[i], section) == 0)
			return 1;
	return 0;
}

/* The page as it was at rev: front matter and body from the blob. */
static struct page *
old_page(struct revisions *r, struct site *s, struct page *cur,
    const struct page_revision *rev)
{
	struct buf blob = BUF_INIT;
	struct page *p;
	char *text;

	if (history_blob_at(r->h, rev->id, cur->repo_path, &blob) < 0) {
		buf_free(&blob);
		return NULL;	/* renamed since, without follow_renames */
	}
	text = arena_strndup(&s->arena, buf_cstr(&blob), blob.len);
	buf_free(&blob);
	p = arena_alloc(&s->arena, sizeof(*p));
	p->rel = cur->rel;
	p->path = cur->path;
	p->section = cur->section;
	p->type = PAGE_REGULAR;
	p->kind = cur->kind;
	diag_suspend();
	frontmatter_parse(&s->arena, text, strlen(text), p);
	diag_resume();
	return p;
}

size_t
revisions_publish(struct revisions *r, struct site *s)
{
	size_t i, k, made = 0;

	if (r == NULL || !history_has_repo(r->h))
		return 0;
	for (i = 0; i < s->npages; i++) {
		struct page *cur = s->pages[i];
		struct page_history *ph = cur->history;
		struct page **olds;

		if (ph == NULL || ph->n == 0 || cur->type != PAGE_REGULAR ||
		    !publishes(s->cfg, cur->section))
			continue;
		olds = xcalloc(ph->n + 1, sizeof(*olds));
		for (k = 0; k < ph->n; k++)
			olds[k] = old_page(r, s, cur, &ph->v[k]);
		for (k = 0; k < ph->n; k++) {
			struct page *p = olds[k];
			struct revision_page *rp;

			if (p == NULL)
				continue;
			rp = arena_alloc(&s->arena, sizeof(*rp));
			rp->current = cur;
			rp->rev = &ph->v[k];
			rp->is_latest = k == 0 && !ph->uncommitted;
			if (k + 1 < ph->n && olds[k + 1] != NULL) {
				rp->prev = &ph->v[k + 1];
				/* compared when rendered (render_markdown) */
				rp->prev_page = olds[k + 1];
			}
			p->type = PAGE_REVISION;
			p->generated = 1;
			p->sec = cur->sec;
			p->up = cur;
			p->revision = rp;
			p->url = arena_printf(&s->arena, "%srevisions/%s/",
			    cur->url, ph->v[k].short_id);
			/* cur->url + 1: "plans/x/" (or "" for the home page) */
			p->out = arena_printf(&s->arena, "%srevisions/%s/index.html",
			    cur->url + 1, ph->v[k].short_id);
			ph->v[k].url = p->url;
			p->modified = ph->v[k].date;
			site_add_revision(s, p);
			made++;
		}
		free(olds);
	}
	return made;
}
