#include "revisions.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fmcache.h"
#include "fs.h"
#include "history.h"
#include "util.h"

struct revisions {
	struct history		*h;
	struct history_tz	*tz;
	const struct config	*cfg;
	/* revisions.cache as revisions_publish read it: the old pages'
	 * texts point into it until revisions_close */
	struct fs_map		 texts;
};

struct revisions *
revisions_open(const struct config *cfg, int strict, int threads)
{
	struct revisions *r;
	struct history_options opt;
	char *cache, *content;

	if (!cfg->history.enabled)
		return NULL;	/* pages keep their front-matter dates */
	r = xcalloc(1, sizeof(*r));
	memset(&opt, 0, sizeof(opt));
	opt.follow_renames = cfg->history.follow_renames;
	opt.strict = strict;
	opt.status = 1;
	opt.threads = threads;
	/* pages are asked about, nothing else: the rest of the work tree
	 * (the site's own files, a larger repository's) is not walked */
	content = fs_join(cfg->site_dir, "content");
	opt.status_dir = content;
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
		free(content);
		revisions_close(r);
		return NULL;
	}
	free(cache);
	free(content);
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
	fs_unmap(&r->texts);
	free(r);
}

void
revisions_release(struct revisions *r)
{
	if (r != NULL)
		history_release_repo(r->h);
}

/*
 * What a commit gives each page it touched: its short id and its author
 * date in the site's zone, as a calendar date and ISO text. Made once
 * per commit (a commit's entries share its id, history.h), in a table
 * keyed by that pointer; copying and formatting them for every (page,
 * commit) was most of the time of giving 5,000 pages their history.
 */
struct commit_memo {
	const char	*id;
	const char	*short_id, *when;
	struct date	 date;
};

struct memo {
	struct commit_memo	*v;
	size_t			 n, cap;	/* cap: a power of two */
};

static struct commit_memo *
memo_slot(struct commit_memo *v, size_t cap, const char *id)
{
	uint64_t h = (uint64_t)(uintptr_t)id * 0x9E3779B97F4A7C15ULL;
	size_t i = (size_t)(h >> 32) & (cap - 1);

	while (v[i].id != NULL && v[i].id != id)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static const struct commit_memo *
commit_of(struct revisions *r, struct memo *m, struct arena *a,
    const struct history_entry *e)
{
	struct commit_memo *c;

	if (2 * (m->n + 1) > m->cap) {
		struct memo g = { NULL, m->n, m->cap ? m->cap * 2 : 1024 };
		size_t i;

		g.v = xcalloc(g.cap, sizeof(*g.v));
		for (i = 0; i < m->cap; i++)
			if (m->v[i].id != NULL)
				*memo_slot(g.v, g.cap, m->v[i].id) = m->v[i];
		free(m->v);
		*m = g;
	}
	c = memo_slot(m->v, m->cap, e->id);
	if (c->id == NULL) {
		char iso[40];
		int off = history_tz_offset(r->tz, e->time);
		long long local = e->time + off;
		long days = (long)(local >= 0 ? local / 86400 :
		    (local - 86399) / 86400);

		c->id = e->id;
		c->short_id = arena_strndup(a, e->id, 7);
		c->date = date_from_days(days);
		history_format_tz(r->tz, e->time, iso, sizeof(iso));
		c->when = arena_strdup(a, iso);
		m->n++;
	}
	return c;
}

void
revisions_attach(struct revisions *r, struct site *s)
{
	size_t i, k, n;
	/* content/ in the repository, resolved once (not per page) */
	char *content = r != NULL ? history_repo_path(r->h, s->content_dir) : NULL;
	struct memo memo = { NULL, 0, 0 };
	size_t clen = content != NULL ? strlen(content) : 0;

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
		{
			/* content/REL, without printf (5,000 pages: 2 ms) */
			size_t rl = strlen(p->rel);
			char *rp = arena_alloc_raw(&s->arena, clen + 1 + rl + 1);

			memcpy(rp, content, clen);
			rp[clen] = '/';
			memcpy(rp + clen + (clen > 0), p->rel, rl + 1);
			p->repo_path = rp;
		}
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
			const struct commit_memo *c = commit_of(r, &memo,
			    &s->arena, &e[k]);

			/* the history's own strings: it lives until
			 * revisions_close, after the pages */
			pr->id = e[k].id;
			pr->short_id = c->short_id;
			pr->author = e[k].author_name;
			pr->subject = e[k].subject;
			pr->date = c->date;
			pr->when = c->when;
		}
		if (ph->uncommitted)
			diag_strict(p->path, 0, 0, "尚未提交到 git 的變更 "
			    "(uncommitted changes): 頁面將標示「尚未提交」");
		if (p->lastmod.year == 0 && n > 0 && !ph->uncommitted)
			p->modified = ph->v[0].date;
	}
	free(memo.v);
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

/*
 * The old texts: what a path held at a commit never changes, so they are
 * kept across builds in SITE/.gongkai/revisions.cache, and a rebuild
 * reads no blob from git (inflating them was most of the time of
 * publishing revisions). The file holds the texts this build read: a
 * line "gongkai-revisions-cache 1 HASH" (hash64 of the rest, in hex),
 * then for each text a line "COMMIT LEN PATH" (LEN -1: the path was not
 * there) and LEN bytes. A file whose hash differs is not read at all.
 */
#define OLDTEXT_MAGIC	"gongkai-revisions-cache 1 "
#define OLDTEXT_FILE	"revisions.cache"

/* The file is mapped (fs_map_file: it is only replaced by a rename) and
 * read where it lies, so names carry their lengths. */
struct oldtext {
	const char	*commit, *path;	/* in the mapped file or the arena */
	size_t		 clen, plen;
	const char	*text;		/* NULL: no such path at the commit */
	size_t		 len;
};

struct oldtexts {
	struct fs_map	 file;		/* as loaded */
	struct oldtext	*old;		/* sorted by commit, then path */
	size_t		 nold;
	struct oldtext	*now;		/* what this build read */
	size_t		 nnow, cap;
	size_t		 misses;
};

static int
cmp_bytes(const char *a, size_t na, const char *b, size_t nb)
{
	int c = memcmp(a, b, na < nb ? na : nb);

	return c != 0 ? c : (na > nb) - (na < nb);
}

static int
cmp_oldtext(const void *a, const void *b)
{
	const struct oldtext *x = a, *y = b;
	int c = cmp_bytes(x->commit, x->clen, y->commit, y->clen);

	return c != 0 ? c : cmp_bytes(x->path, x->plen, y->path, y->plen);
}

static void
oldtexts_load(struct oldtexts *o, const char *site_dir)
{
	char *path = fs_join(site_dir, ".gongkai/" OLDTEXT_FILE);
	const char *q, *end, *data;
	size_t cap = 0, n = sizeof(OLDTEXT_MAGIC) - 1;
	uint64_t sum = 0;
	int k;

	memset(o, 0, sizeof(*o));
	if (fs_map_file(path, &o->file) < 0 || o->file.len < n + 17 ||
	    memcmp(o->file.data, OLDTEXT_MAGIC, n) != 0) {
		free(path);
		return;
	}
	free(path);
	data = (const char *)o->file.data;
	end = data + o->file.len;
	for (k = 0; k < 16; k++) {
		int c = data[n + k], v = c >= '0' && c <= '9' ? c - '0' :
		    c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;

		if (v < 0)
			return;
		sum = sum << 4 | (uint64_t)v;
	}
	q = data + n + 16;
	if (*q != '\n' || sum != hash64(q + 1, (size_t)(end - (q + 1))))
		return;
	for (q++; q < end; ) {
		struct oldtext t;
		const char *nl = memchr(q, '\n', (size_t)(end - q)), *sp, *p;
		long long len = 0;
		int neg = 0;

		if (nl == NULL || (sp = memchr(q, ' ', (size_t)(nl - q))) == NULL)
			break;
		/* "COMMIT LEN PATH": LEN is -1 or digits */
		p = sp + 1;
		if (p < nl && *p == '-')
			neg = 1, p++;
		if (p == nl || *p < '0' || *p > '9')
			break;
		for (; p < nl && *p >= '0' && *p <= '9' && len < LLONG_MAX / 10;
		    p++)
			len = len * 10 + (*p - '0');
		if (neg)
			len = -len;
		if (p == nl || *p != ' ' || len < -1 ||
		    (len > 0 && len > end - (nl + 1)))
			break;
		t.commit = q;
		t.clen = (size_t)(sp - q);
		t.path = p + 1;
		t.plen = (size_t)(nl - (p + 1));
		t.text = len < 0 ? NULL : nl + 1;
		t.len = len < 0 ? 0 : (size_t)len;
		if (o->nold == cap) {
			cap = cap ? cap * 2 : 256;
			o->old = xrealloc(o->old, cap * sizeof(*o->old));
		}
		o->old[o->nold++] = t;
		q = nl + 1 + t.len;
	}
	xqsort(o->old, o->nold, sizeof(*o->old), cmp_oldtext);
}

/* The text of path at commit and its length (up to a NUL byte, as a
 * string's), or NULL when the path was not there. A text from the file
 * is where it lies (no NUL after it): the file stays mapped until
 * revisions_close (copying the corpus's 4.7 MB into the arena, page
 * faults and all, was a third of this step); one read now is in a. */
static const char *
oldtexts_get(struct oldtexts *o, struct revisions *r, struct arena *a,
    const char *commit, const char *path, size_t *len)
{
	const char *nul;

	struct oldtext key, *t;
	struct buf blob = BUF_INIT;

	key.commit = commit;
	key.clen = strlen(commit);
	key.path = path;
	key.plen = strlen(path);
	t = o->nold ? bsearch(&key, o->old, o->nold, sizeof(*o->old),
	    cmp_oldtext) : NULL;
	if (t != NULL)
		key = *t;
	else {
		o->misses++;
		key.commit = arena_strdup(a, commit);
		key.path = arena_strdup(a, path);
		key.text = NULL;
		key.len = 0;
		if (history_blob_at(r->h, commit, path, &blob) == 0) {
			key.text = arena_strndup(a, buf_cstr(&blob), blob.len);
			key.len = blob.len;
		}
		buf_free(&blob);
	}
	if (o->nnow == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 256;
		o->now = xrealloc(o->now, o->cap * sizeof(*o->now));
	}
	o->now[o->nnow++] = key;
	*len = key.len;
	if (key.text != NULL && (nul = memchr(key.text, '\0', key.len)) != NULL)
		*len = (size_t)(nul - key.text);
	return key.text;
}

/* Write the texts this build read when they are not what was loaded. */
static void
oldtexts_save(struct oldtexts *o, const char *site_dir)
{
	struct buf b = BUF_INIT;
	char hex[17];
	size_t i, n;

	if (o->misses > 0 || o->nnow != o->nold) {
		/* the hash goes before the texts, in the place kept here */
		buf_printf(&b, "%s%016x\n", OLDTEXT_MAGIC, 0);
		for (i = 0; i < o->nnow; i++) {
			const struct oldtext *t = &o->now[i];

			if (memchr(t->path, '\n', t->plen) != NULL ||
			    memchr(t->commit, ' ', t->clen) != NULL ||
			    memchr(t->commit, '\n', t->clen) != NULL)
				continue;
			buf_printf(&b, "%.*s %lld %.*s\n", (int)t->clen,
			    t->commit, t->text ? (long long)t->len : -1LL,
			    (int)t->plen, t->path);
			if (t->text != NULL)
				buf_append(&b, t->text, t->len);
		}
		n = sizeof(OLDTEXT_MAGIC) - 1;
		snprintf(hex, sizeof(hex), "%016" PRIx64, hash64(b.data + n + 17,
		    b.len - n - 17));
		memcpy(b.data + n, hex, 16);
		fs_cache_write(site_dir, OLDTEXT_FILE, b.data, b.len);
	}
	buf_free(&b);
	free(o->old);
	free(o->now);
}

/* The page as it was at rev: front matter and body from the blob. */
static struct page *
old_page(struct revisions *r, struct oldtexts *o, struct site *s,
    struct page *cur, const struct page_revision *rev)
{
	struct page *p;
	size_t len;
	const char *text = oldtexts_get(o, r, &s->arena, rev->id,
	    cur->repo_path, &len);

	if (text == NULL)
		return NULL;	/* renamed since, without follow_renames */
	p = arena_alloc(&s->arena, sizeof(*p));
	p->rel = cur->rel;
	p->path = cur->path;
	p->section = cur->section;
	p->type = PAGE_REGULAR;
	p->kind = cur->kind;
	diag_suspend();
	fmcache_parse(s->fm, s->yaml, &s->arena, text, len, hash64(text, len),
	    p);
	diag_resume();
	return p;
}

size_t
revisions_publish(struct revisions *r, struct site *s)
{
	struct oldtexts o;
	size_t i, k, made = 0;

	if (r == NULL || !history_has_repo(r->h))
		return 0;
	oldtexts_load(&o, r->cfg->site_dir);
	for (i = 0; i < s->npages; i++) {
		struct page *cur = s->pages[i];
		struct page_history *ph = cur->history;
		struct page **olds;

		if (ph == NULL || ph->n == 0 || cur->type != PAGE_REGULAR ||
		    !publishes(s->cfg, cur->section))
			continue;
		olds = xcalloc(ph->n + 1, sizeof(*olds));
		for (k = 0; k < ph->n; k++)
			olds[k] = old_page(r, &o, s, cur, &ph->v[k]);
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
	oldtexts_save(&o, r->cfg->site_dir);
	/* the texts from the file stay where they are */
	fs_unmap(&r->texts);
	r->texts = o.file;
	return made;
}
