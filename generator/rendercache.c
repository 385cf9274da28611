/*
 * rendercache: pages a rebuild need not render again (rendercache.h).
 *
 * The file is text, one record per line, the path last:
 *
 *   gongkai-render-cache 1 BINARY-STAMP
 *   out OUTPUT-FOLDER (real path)
 *   INPUTS HASH LEN MTIME_NS PATH       (digests in hex)
 */
#include "rendercache.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "kindview.h"
#include "revisions.h"
#include "site.h"
#include "util.h"
#include "write.h"

#define RENDERCACHE_MAGIC	"gongkai-render-cache 1"
#define RENDERCACHE_FILE	"render.cache"

/* The line "out REALPATH" for the output folder, or NULL (not there). */
static char *
out_line(const char *out_dir)
{
	char *real = realpath(out_dir, NULL);
	struct buf b = BUF_INIT;

	if (real == NULL)
		return NULL;
	buf_printf(&b, "out %s", real);
	free(real);
	return buf_detach(&b);
}

/* "INPUTS HASH LEN MTIME_NS PATH" */
static int
parse_line(char *line, struct pathtab_entry *e)
{
	char *p = line, *end;

	e->inputs = strtoull(p, &end, 16);
	if (end == p || *end != ' ')
		return -1;
	p = end + 1;
	e->hash = strtoull(p, &end, 16);
	if (end == p || *end != ' ')
		return -1;
	p = end + 1;
	e->len = (size_t)strtoull(p, &end, 10);
	if (end == p || *end != ' ')
		return -1;
	p = end + 1;
	e->mtime = strtoll(p, &end, 10);
	if (end == p || *end != ' ' || end[1] == '\0')
		return -1;
	e->path = xstrdup(end + 1);
	return 0;
}

/* The file's first lines: made by this binary, for this output folder
 * (NULL: the binary or the folder is not known). */
static char *
head_lines(const char *stamp, const char *out_dir)
{
	struct buf head = BUF_INIT;
	char *out;

	if (stamp[0] == '\0' || (out = out_line(out_dir)) == NULL)
		return NULL;
	buf_printf(&head, "%s %s\n%s", RENDERCACHE_MAGIC, stamp, out);
	free(out);
	return buf_detach(&head);
}

int
rendercache_known(const char *site_dir, const char *out_dir)
{
	char stamp[64], *head;
	int known;

	fs_exe_stamp(stamp, sizeof(stamp));
	if ((head = head_lines(stamp, out_dir)) == NULL)
		return 0;
	known = pathtab_known(site_dir, RENDERCACHE_FILE, head);
	free(head);
	return known;
}

void
rendercache_load(struct rendercache *c, const char *site_dir,
    const char *out_dir)
{
	char *head;

	memset(c, 0, sizeof(*c));
	pathtab_init(&c->pages);
	c->site_dir = xstrdup(site_dir);
	c->out_dir = xstrdup(out_dir);
	fs_exe_stamp(c->stamp, sizeof(c->stamp));
	if ((head = head_lines(c->stamp, out_dir)) == NULL)
		return;
	pathtab_read(&c->pages, site_dir, RENDERCACHE_FILE, head, parse_line);
	free(head);
}

/* Fields end with a NUL byte, so that no two lists of fields run into
 * the same bytes. */
static void
field(struct buf *b, const char *s)
{
	if (s != NULL)
		buf_puts(b, s);
	buf_append(b, "", 1);
}

/* Numbers go in as their bytes: a digest is hashed, never read, and
 * formatting them with printf was most of its time (the site's pages
 * are digested on every build). Fixed sizes need no end mark. */
static void
num_field(struct buf *b, uint64_t v)
{
	buf_append(b, (const char *)&v, sizeof(v));
}

static void
date_field(struct buf *b, struct date d)
{
	num_field(b, (uint64_t)(uint32_t)d.year << 32 |
	    (uint64_t)(d.month & 0xffff) << 16 | (uint64_t)(d.day & 0xffff));
}

/* The digest of the fields in b (never 0: 0 means none), b freed. */
static uint64_t
digest_end(struct buf *b)
{
	uint64_t h = hash64(b->data, b->len);

	buf_free(b);
	return h != 0 ? h : 1;
}

uint64_t
rendercache_site_digest(const struct site *s, uint64_t frame)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (frame == 0)
		return 0;
	num_field(&b, frame);
	for (i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];

		field(&b, p->rel);
		field(&b, p->out);
		field(&b, p->url);
		field(&b, p->title);
		num_field(&b, (uint64_t)p->type << 1 | (p->generated != 0));
		num_field(&b, p->fm_hash);
	}
	/* other pages' dates reach a content page only as the site's
	 * update date (its own are in its digest) */
	date_field(&b, site_updated(s));
	for (i = 0; i < s->nstatics; i++) {
		field(&b, s->statics[i].src);
		field(&b, s->statics[i].out);
	}
	return digest_end(&b);
}

/*
 * What every listing may show of each current page besides what the site
 * digest holds: the summary (the first paragraph when the front matter
 * has none), the dates lists sort and show, and whether it has
 * uncommitted changes.
 */
uint64_t
rendercache_listing_digest(uint64_t site, uint64_t fields)
{
	uint64_t v[2];

	if (site == 0)
		return 0;
	v[0] = site;
	v[1] = fields;
	v[0] = hash64(v, sizeof(v));
	return v[0] != 0 ? v[0] : 1;
}

uint64_t
rendercache_listing_fields(const struct site *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	buf_append(&b, "L", 1);
	for (i = 0; i < s->npages; i++) {
		const struct page *p = s->pages[i];

		field(&b, page_summary(p));
		date_field(&b, p->date);
		date_field(&b, p->modified);
		date_field(&b, page_updated(p));
		num_field(&b, p->history != NULL && p->history->uncommitted);
	}
	return digest_end(&b);
}

/* A page's own source and history: its bytes, its dates, its 修訂紀錄
 * (each revision's commit, author, subject, time and page) and whether
 * it has uncommitted changes. */
static void
own_fields(struct buf *b, const struct page *own)
{
	size_t i;

	num_field(b, own->src_hash);
	num_field(b, own->history != NULL && own->history->uncommitted);
	date_field(b, own->modified);
	date_field(b, page_updated(own));
	for (i = 0; own->history != NULL && i < own->history->n; i++) {
		const struct page_revision *r = &own->history->v[i];

		field(b, r->id);
		field(b, r->author);
		field(b, r->subject);
		field(b, r->when);
		field(b, r->url);
	}
}

uint64_t
rendercache_page_digest(const struct page *p, uint64_t site,
    uint64_t listing)
{
	struct buf b = BUF_INIT;
	size_t i, n;

	if (site == 0)
		return 0;
	num_field(&b, site);
	num_field(&b, (uint64_t)p->type);
	field(&b, p->out);
	switch (p->type) {
	case PAGE_REGULAR:
		if (p->generated)
			goto always;
		own_fields(&b, p);
		break;
	case PAGE_REVISION:
		/* a revision's page shows its own revision and the one
		 * before, and whether it is the latest: all from the 修訂紀錄
		 * of the page it is a revision of */
		if (p->revision == NULL)
			goto always;
		own_fields(&b, p->revision->current);
		break;
	case PAGE_HOME:
	case PAGE_SECTION:
	case PAGE_CLASSIFICATION:
	case PAGE_SCHEME:
	case PAGE_CODE:
	case PAGE_SITEMAP:
		/* a listing: what lists show of every page, its own source
		 * (an _index.md), and the bodies it shows (the FAQ index:
		 * every answer; a page's HTML is a function of its source
		 * under the site digest) */
		if (listing == 0)
			goto always;
		num_field(&b, listing);
		if (!p->generated)
			own_fields(&b, p);
		/* the part of its list a page of a section or a code
		 * shows (site.yaml paginate) */
		num_field(&b, p->list_from);
		num_field(&b, p->list_n);
		num_field(&b, p->pager_total);
		if (kindview_shows_bodies(p)) {
			struct page *const *listed = page_listed(p, &n);

			for (i = 0; i < n; i++)
				num_field(&b, listed[i]->src_hash);
		}
		break;
	case PAGE_SEARCH:
	case PAGE_AUDIT:
		/* the audit is as of today: always rendered (and so is the
		 * one search page) */
		goto always;
	}
	return digest_end(&b);
always:
	buf_free(&b);
	return 0;
}

uint64_t
rendercache_sitemap_digest(const struct site *s, uint64_t site)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (site == 0)
		return 0;
	num_field(&b, site);
	field(&b, "sitemap.xml");
	for (i = 0; i < s->npages; i++) {
		field(&b, s->pages[i]->url);
		date_field(&b, site_page_updated(s, s->pages[i]));
	}
	return digest_end(&b);
}

const struct pathtab_entry *
rendercache_find(const struct rendercache *c, const char *path,
    uint64_t inputs)
{
	const struct pathtab_entry *e;

	if (inputs == 0)
		return NULL;
	e = pathtab_find(&c->pages, path);
	return e != NULL && e->inputs == inputs ? e : NULL;
}

void
rendercache_add(struct rendercache *c, const char *path, uint64_t inputs,
    uint64_t hash, size_t len)
{
	if (inputs != 0)
		pathtab_add(&c->pages, path, hash, len, inputs);
}

void
rendercache_save(struct rendercache *c, const struct out_file *files,
    size_t nfiles)
{
	struct buf b = BUF_INIT;
	char *out = NULL;
	size_t i;

	if (c->stamp[0] == '\0' || c->out_dir == NULL ||
	    (out = out_line(c->out_dir)) == NULL)
		goto done;
	pathtab_sort(&c->pages);
	buf_printf(&b, "%s %s\n%s\n", RENDERCACHE_MAGIC, c->stamp, out);
	for (i = 0; i < c->pages.nnow; i++) {
		const struct pathtab_entry *e = &c->pages.now[i];
		const struct out_file *f = write_files_find(files, nfiles,
		    e->path);

		/* a page published with other bytes than these (never, but
		 * a path holding a newline cannot be recorded) is left out */
		if (strchr(e->path, '\n') == NULL && f != NULL &&
		    f->mtime >= 0 && f->len == e->len)
		{
			/* "%016llx %016llx %zu %lld %s\n" */
			buf_put_hex64(&b, e->inputs);
			buf_putc(&b, ' ');
			buf_put_hex64(&b, e->hash);
			buf_putc(&b, ' ');
			buf_put_u64(&b, e->len);
			buf_putc(&b, ' ');
			buf_put_i64(&b, f->mtime);
			buf_putc(&b, ' ');
			buf_puts(&b, e->path);
			buf_putc(&b, '\n');
		}
	}
	fs_cache_write(c->site_dir, RENDERCACHE_FILE, b.data, b.len);
done:
	free(out);
	buf_free(&b);
	rendercache_free(c);
}

void
rendercache_free(struct rendercache *c)
{
	pathtab_free(&c->pages);
	free(c->site_dir);
	free(c->out_dir);
	c->site_dir = c->out_dir = NULL;
}
