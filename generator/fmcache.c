/*
 * fmcache: the last build's front-matter fields (fmcache.h), in a
 * blobcache (blobcache.h) under .gongkai/frontmatter.cache.
 *
 * The key is the text's hash64 and length (u64, u32), the page's type and
 * section kind (a byte each) and its path. The value is the warnings the
 * parse printed (their count, then their lines as a string), then the
 * fields in the order of put_page below, as varints (signed ones zigzagged),
 * strings as a varint of their length plus one (0: NULL) and their bytes,
 * numbers of plan targets and report results as their 8 bytes.
 */
#include "fmcache.h"

#include <stdlib.h>
#include <string.h>

#include "blobcache.h"
#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "kinds.h"
#include "util.h"

#define FMCACHE_MAGIC	"gongkai-frontmatter-cache 1"
#define FMCACHE_FILE	"frontmatter.cache"

struct fmcache {
	struct blobcache	*b;
};

struct fmcache *
fmcache_load(const char *site_dir)
{
	struct fmcache *c = xcalloc(1, sizeof(*c));

	c->b = blobcache_load(site_dir, FMCACHE_FILE, FMCACHE_MAGIC, 1);
	return c;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

static void
put_int(struct buf *b, long long v)
{
	blob_put_varint(b, v < 0 ? ~((uint64_t)v << 1) : (uint64_t)v << 1);
}

static void
put_str(struct buf *b, const char *s)
{
	size_t n;

	if (s == NULL) {
		blob_put_varint(b, 0);
		return;
	}
	n = strlen(s);
	blob_put_varint(b, (uint64_t)n + 1);
	buf_append(b, s, n);
}

static void
put_double(struct buf *b, double d)
{
	char raw[sizeof(d)];

	memcpy(raw, &d, sizeof(d));
	buf_append(b, raw, sizeof(raw));
}

static void
put_date(struct buf *b, const struct date *d)
{
	put_int(b, d->year);
	put_int(b, d->month);
	put_int(b, d->day);
}

static void
put_pos(struct buf *b, const struct srcpos *p)
{
	put_int(b, p->line);
	put_int(b, p->col);
}

static void
put_list(struct buf *b, const struct strlist *l)
{
	size_t i;

	blob_put_varint(b, l->n);
	blob_put_varint(b, l->pos != NULL);
	for (i = 0; i < l->n; i++) {
		put_str(b, l->v[i]);
		if (l->pos != NULL)
			put_pos(b, &l->pos[i]);
	}
}

static void
put_plan(struct buf *b, const struct plan_data *pl)
{
	size_t i;

	put_int(b, pl->year);
	put_int(b, pl->has_items);
	blob_put_varint(b, pl->nitems);
	for (i = 0; i < pl->nitems; i++) {
		const struct plan_item *it = &pl->items[i];

		put_str(b, it->id);
		put_str(b, it->area);
		put_str(b, it->strategy);
		put_str(b, it->owner);
		put_date(b, &it->due.date);
		put_int(b, it->due.month_only);
		put_str(b, it->indicator);
		put_double(b, it->target);
		put_int(b, it->has_target);
		put_str(b, it->unit);
		put_str(b, it->benefit);
		put_pos(b, &it->pos);
	}
}

static void
put_report(struct buf *b, const struct report_data *r)
{
	size_t i;

	put_str(b, r->plan_ref);
	put_pos(b, &r->plan_pos);
	put_int(b, r->year);
	put_int(b, r->quarter);
	put_pos(b, &r->quarter_pos);
	blob_put_varint(b, r->nitems);
	for (i = 0; i < r->nitems; i++) {
		const struct report_item *it = &r->items[i];

		put_str(b, it->id);
		put_int(b, it->status);
		put_str(b, it->achieved);
		put_double(b, it->achieved_num);
		put_int(b, it->has_num);
		put_str(b, it->narrative);
		put_pos(b, &it->pos);
	}
}

static void
put_kind(struct buf *b, const struct page *p)
{
	const struct kinddata *kd = p->kd;
	size_t i;

	blob_put_varint(b, kd != NULL);
	if (kd == NULL)
		return;
	switch (p->kind) {
	case KIND_PLAN:
		put_plan(b, &kd->plan);
		break;
	case KIND_REPORT:
		put_report(b, &kd->report);
		break;
	case KIND_FAQ:
		put_str(b, kd->faq.category);
		blob_put_varint(b, kd->faq.nrelated);
		for (i = 0; i < kd->faq.nrelated; i++) {
			put_str(b, kd->faq.related[i].ref);
			put_str(b, kd->faq.related[i].title);
			put_pos(b, &kd->faq.related[i].pos);
		}
		break;
	case KIND_SOP:
		put_str(b, kd->sop.time_limit);
		put_list(b, &kd->sop.documents);
		put_str(b, kd->sop.fee);
		put_str(b, kd->sop.window);
		put_str(b, kd->sop.query_url);
		put_list(b, &kd->sop.steps);
		put_int(b, kd->sop.steps_from_body);
		break;
	case KIND_NEWS:
		put_str(b, kd->news.category);
		break;
	case KIND_PAGE:
		break;
	}
}

static void
put_page(struct buf *b, const struct page *p, const char *text)
{
	put_int(b, p->kind);
	put_str(b, p->title);
	put_str(b, p->summary);
	put_str(b, p->slug);
	put_str(b, p->agency);
	put_date(b, &p->date);
	put_date(b, &p->lastmod);
	put_list(b, &p->theme);
	put_list(b, &p->cake);
	put_list(b, &p->service);
	put_list(b, &p->keywords);
	put_list(b, &p->aliases);
	put_pos(b, &p->theme_pos);
	put_pos(b, &p->cake_pos);
	put_pos(b, &p->service_pos);
	put_date(b, &p->coverage_min);
	put_date(b, &p->coverage_max);
	put_int(b, p->weight);
	put_int(b, p->draft);
	blob_put_varint(b, (uint64_t)(p->body - text));
	blob_put_varint(b, p->body_len);
	put_int(b, p->body_line);
	put_kind(b, p);
}

/* ------------------------------------------------------------------ */
/* Reading: every count is checked against the bytes left, so a value
 * that does not parse is dropped, never read past                      */

static long long
get_int(struct blob_cursor *r)
{
	uint64_t v = blob_get_varint(r);

	return (long long)(v & 1 ? ~(v >> 1) : v >> 1);
}

static int
get_small(struct blob_cursor *r)
{
	long long v = get_int(r);

	if (v < -2147483647LL || v > 2147483647LL)
		r->bad = 1;
	return r->bad ? 0 : (int)v;
}

static size_t
get_count(struct blob_cursor *r)
{
	uint64_t n = blob_get_varint(r);

	/* every item takes at least a byte */
	if (n > (uint64_t)(r->end - r->p))
		r->bad = 1;
	return r->bad ? 0 : (size_t)n;
}

static const char *
get_str(struct blob_cursor *r, struct arena *a)
{
	uint64_t n = blob_get_varint(r);
	const char *s;

	if (r->bad || n == 0)
		return NULL;
	if (n - 1 > (uint64_t)(r->end - r->p)) {
		r->bad = 1;
		return NULL;
	}
	s = arena_strndup(a, (const char *)r->p, (size_t)(n - 1));
	r->p += n - 1;
	return s;
}

static double
get_double(struct blob_cursor *r)
{
	double d = 0;

	if ((size_t)(r->end - r->p) < sizeof(d)) {
		r->bad = 1;
		return 0;
	}
	memcpy(&d, r->p, sizeof(d));
	r->p += sizeof(d);
	return d;
}

static void
get_date(struct blob_cursor *r, struct date *d)
{
	d->year = get_small(r);
	d->month = get_small(r);
	d->day = get_small(r);
}

static void
get_pos(struct blob_cursor *r, struct srcpos *p)
{
	p->line = get_small(r);
	p->col = get_small(r);
}

static void
get_list(struct blob_cursor *r, struct arena *a, struct strlist *l)
{
	size_t i, n = get_count(r);
	int pos = (int)blob_get_varint(r);

	memset(l, 0, sizeof(*l));
	if (r->bad || n == 0)
		return;
	l->v = arena_alloc(a, (n + 1) * sizeof(*l->v));
	if (pos)
		l->pos = arena_alloc(a, n * sizeof(*l->pos));
	for (i = 0; i < n && !r->bad; i++) {
		l->v[i] = get_str(r, a);
		if (pos)
			get_pos(r, &l->pos[i]);
	}
	l->n = n;
}

static void
get_plan(struct blob_cursor *r, struct arena *a, struct plan_data *pl)
{
	size_t i, n;

	pl->year = get_small(r);
	pl->has_items = get_small(r);
	n = get_count(r);
	if (r->bad || n == 0)
		return;
	pl->items = arena_alloc(a, n * sizeof(*pl->items));
	for (i = 0; i < n && !r->bad; i++) {
		struct plan_item *it = &pl->items[i];

		it->id = get_str(r, a);
		it->area = get_str(r, a);
		it->strategy = get_str(r, a);
		it->owner = get_str(r, a);
		get_date(r, &it->due.date);
		it->due.month_only = get_small(r);
		it->indicator = get_str(r, a);
		it->target = get_double(r);
		it->has_target = get_small(r);
		it->unit = get_str(r, a);
		it->benefit = get_str(r, a);
		get_pos(r, &it->pos);
	}
	pl->nitems = n;
}

static void
get_report(struct blob_cursor *r, struct arena *a, struct report_data *rp)
{
	size_t i, n;

	rp->plan_ref = get_str(r, a);
	get_pos(r, &rp->plan_pos);
	rp->year = get_small(r);
	rp->quarter = get_small(r);
	get_pos(r, &rp->quarter_pos);
	n = get_count(r);
	if (r->bad || n == 0)
		return;
	rp->items = arena_alloc(a, n * sizeof(*rp->items));
	for (i = 0; i < n && !r->bad; i++) {
		struct report_item *it = &rp->items[i];
		int st;

		it->id = get_str(r, a);
		st = get_small(r);
		if (st < 0 || st >= NSTATUS)
			r->bad = 1;
		it->status = (enum item_status)st;
		it->achieved = get_str(r, a);
		it->achieved_num = get_double(r);
		it->has_num = get_small(r);
		it->narrative = get_str(r, a);
		get_pos(r, &it->pos);
	}
	rp->nitems = n;
}

static void
get_kind(struct blob_cursor *r, struct arena *a, struct page *p)
{
	struct kinddata *kd;
	size_t i, n;

	if (blob_get_varint(r) == 0 || r->bad)
		return;
	kd = p->kd = arena_alloc(a, sizeof(*p->kd));
	switch (p->kind) {
	case KIND_PLAN:
		get_plan(r, a, &kd->plan);
		break;
	case KIND_REPORT:
		get_report(r, a, &kd->report);
		break;
	case KIND_FAQ:
		kd->faq.category = get_str(r, a);
		n = get_count(r);
		if (r->bad || n == 0)
			break;
		kd->faq.related = arena_alloc(a, (n + 1) *
		    sizeof(*kd->faq.related));
		for (i = 0; i < n && !r->bad; i++) {
			kd->faq.related[i].ref = get_str(r, a);
			kd->faq.related[i].title = get_str(r, a);
			get_pos(r, &kd->faq.related[i].pos);
		}
		kd->faq.nrelated = n;
		break;
	case KIND_SOP:
		kd->sop.time_limit = get_str(r, a);
		get_list(r, a, &kd->sop.documents);
		kd->sop.fee = get_str(r, a);
		kd->sop.window = get_str(r, a);
		kd->sop.query_url = get_str(r, a);
		get_list(r, a, &kd->sop.steps);
		kd->sop.steps_from_body = get_small(r);
		break;
	case KIND_NEWS:
		kd->news.category = get_str(r, a);
		break;
	case KIND_PAGE:
		break;
	}
}

/* Fill p from an entry; 0, or -1 (p untouched) when it does not parse. */
static int
get_page(struct blob_cursor *r, struct arena *a, const char *text,
    size_t len, struct page *p)
{
	struct page q = *p;	/* rel, path, section, type as given */
	uint64_t off, blen;
	int kind = get_small(r);

	if (kind < 0 || kind >= NPAGE_KINDS)
		return -1;
	q.kind = (enum page_kind)kind;
	q.title = get_str(r, a);
	q.summary = get_str(r, a);
	q.slug = get_str(r, a);
	q.agency = get_str(r, a);
	get_date(r, &q.date);
	get_date(r, &q.lastmod);
	get_list(r, a, &q.theme);
	get_list(r, a, &q.cake);
	get_list(r, a, &q.service);
	get_list(r, a, &q.keywords);
	get_list(r, a, &q.aliases);
	get_pos(r, &q.theme_pos);
	get_pos(r, &q.cake_pos);
	get_pos(r, &q.service_pos);
	get_date(r, &q.coverage_min);
	get_date(r, &q.coverage_max);
	q.weight = (long)get_int(r);
	q.draft = get_small(r);
	off = blob_get_varint(r);
	blen = blob_get_varint(r);
	q.body_line = get_small(r);
	if (r->bad || off > len || blen != len - off)
		return -1;
	q.body = text + off;
	q.body_len = (size_t)blen;
	q.kd = NULL;
	get_kind(r, a, &q);
	if (r->bad || r->p != r->end)
		return -1;
	*p = q;
	return 0;
}

/* ------------------------------------------------------------------ */

static void
make_key(struct buf *k, size_t len, uint64_t hash, const struct page *p)
{
	uint32_t l = (uint32_t)len;
	unsigned char tk[3];

	buf_append(k, (const char *)&hash, sizeof(hash));
	buf_append(k, (const char *)&l, sizeof(l));
	tk[0] = (unsigned char)p->type;
	tk[1] = (unsigned char)p->kind;
	/* a parse whose messages are suspended (an old revision's) is an
	 * entry of its own, with none: the same text parsed as a page says
	 * them */
	tk[2] = (unsigned char)(diag_is_suspended() ? 1 | diag_is_strict() << 1 :
	    0);
	buf_append(k, (const char *)tk, sizeof(tk));
	buf_puts(k, p->path);
}

int
fmcache_parse(struct fmcache *c, struct yamlcache *yc, struct arena *a,
    const char *text, size_t len, uint64_t hash, struct page *p)
{
	struct buf key = BUF_INIT, val = BUF_INIT, msgs = BUF_INIT, *was;
	const unsigned char *v;
	size_t vlen, said, e0, w0, e1, w1;
	int rc;

	if (c == NULL || len > UINT32_MAX)
		return frontmatter_parse_with(a, yc, text, len, p);
	make_key(&key, len, hash, p);
	if ((v = blobcache_find(c->b, key.data, key.len, &vlen)) != NULL) {
		struct blob_cursor r = { v, v + vlen, 0 };
		uint64_t warnings = blob_get_varint(&r), mlen =
		    blob_get_varint(&r);
		const char *m = (const char *)r.p;

		/* under --strict a warning is an error, and the parse is
		 * done again to report it as one */
		if (!r.bad && mlen <= (uint64_t)(r.end - r.p) &&
		    (warnings == 0 || !diag_is_strict())) {
			r.p += mlen;
			/* strings of a value that fails stay in the arena */
			if (get_page(&r, a, text, len, p) == 0) {
				diag_replay(m, (size_t)mlen, 0,
				    (size_t)warnings);
				buf_free(&key);
				return 0;
			}
		}
	}
	/* not known (or not readable): parsed, and remembered with its
	 * warnings when it had no error and all of its messages were
	 * counted, or none was (diag_suspend: an old revision's, keyed
	 * apart) */
	said = diag_thread_said();
	was = diag_capture(&msgs);
	diag_thread_counts(&e0, &w0);
	rc = frontmatter_parse_with(a, yc, text, len, p);
	diag_thread_counts(&e1, &w1);
	diag_capture(was);
	if (rc == 0 && (diag_is_suspended() || (e1 == e0 &&
	    diag_thread_said() - said == w1 - w0))) {
		blob_put_varint(&val, w1 - w0);
		blob_put_varint(&val, msgs.len);
		buf_append(&val, msgs.data, msgs.len);
		put_page(&val, p, text);
		blobcache_add(c->b, key.data, key.len, val.data, val.len);
	}
	diag_write(msgs.data, msgs.len);
	buf_free(&key);
	buf_free(&val);
	buf_free(&msgs);
	return rc;
}

void
fmcache_save(struct fmcache *c)
{
	if (c == NULL)
		return;
	blobcache_save(c->b);
	free(c);
}

void
fmcache_free(struct fmcache *c)
{
	if (c == NULL)
		return;
	blobcache_free(c->b);
	free(c);
}
