#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "dcmeta.h"
#include "diag.h"
#include "escape.h"
#include "fs.h"
#include "kindview.h"
#include "revdiff.h"
#include "revisions.h"
#include "template.h"
#include "util.h"
#include "value.h"

/* ------------------------------------------------------------------ */
/* Markdown with .md links resolved against the model                  */

struct linkctx {
	const struct site	*site;
	const struct page	*page;
};

static int
resolve_link(void *vctx, const char *dest, size_t len, struct buf *out,
    const char *path, int line, int col)
{
	struct linkctx *c = vctx;
	struct buf target = BUF_INIT, dir = BUF_INIT;
	const char *slash, *frag;
	size_t plen = len;
	struct page *to;
	int rc = -1;

	/* the path part ends at '#' or '?' */
	for (plen = 0; plen < len && dest[plen] != '#' && dest[plen] != '?'; plen++)
		;
	frag = dest + plen;
	slash = strrchr(c->page->rel, '/');
	if (slash != NULL)
		buf_append(&dir, c->page->rel, (size_t)(slash - c->page->rel));
	else
		buf_puts(&dir, "");
	if (fs_resolve(buf_cstr(&dir), dest, plen, &target) < 0) {
		diag_error(path, line, col,
		    "連結「%.*s」指到 content/ 之外 (link leaves content/)",
		    (int)len, dest);
		goto out;
	}
	to = site_find_page(c->site, buf_cstr(&target));
	if (to == NULL) {
		diag_error(path, line, col,
		    "連結的檔案「%.*s」不存在或是草稿 (link to a missing or draft "
		    "page: content/%s)", (int)len, dest, buf_cstr(&target));
		goto out;
	}
	buf_puts(out, c->site->cfg->base_path);
	buf_puts(out, to->url + 1);
	buf_append(out, frag, len - plen);
	rc = 0;
out:
	buf_free(&target);
	buf_free(&dir);
	return rc;
}

/* html with the id="" of its headings left out: the comparison shows a
 * heading that the full text below shows too, and ids must be unique. */
static void
append_without_heading_ids(struct buf *out, const char *html)
{
	const char *s = html, *q, *e;

	while ((q = strstr(s, "<h")) != NULL) {
		if (q[2] >= '1' && q[2] <= '6' && strncmp(q + 3, " id=\"", 5) == 0 &&
		    (e = strchr(q + 8, '"')) != NULL) {
			buf_append(out, s, (size_t)(q - s) + 3);
			s = e + 1;
			continue;
		}
		buf_append(out, s, (size_t)(q - s) + 2);
		s = q + 2;
	}
	buf_puts(out, s);
}

/* One block of a revision comparison, rendered like the page (links
 * resolved); old revisions' problems are history, not today's errors. */
struct diffctx {
	struct markdown_options	*opt;
};

static void
render_diff_block(void *vctx, const char *text, size_t len, struct buf *out)
{
	struct diffctx *c = vctx;
	struct markdown_result res;

	memset(&res, 0, sizeof(res));
	diag_suspend();
	markdown_render(text, len, c->opt, &res);
	diag_resume();
	append_without_heading_ids(out, buf_cstr(&res.html));
	markdown_result_free(&res);
}

/* A published revision: what changed since the revision before it. */
static void
render_revision_diff(struct page *p, struct markdown_options *opt)
{
	struct revision_page *rp = p->revision;
	struct diffctx dc = { opt };
	unsigned seq = 0;
	struct markdown_options o = *opt;
	struct revdiff_options dopt = { render_diff_block, &dc, 2 };
	struct buf diff = BUF_INIT;

	if (rp == NULL || rp->prev_page == NULL)
		return;
	/* tables of the comparison are named apart from the full text's */
	o.table_seq = &seq;
	o.table_label = "比較：";
	dc.opt = &o;
	revdiff_html(rp->prev_page->body, rp->prev_page->body_len, p->body,
	    p->body_len, &dopt, &diff, NULL);
	rp->diff_html = buf_detach(&diff);
}

int
render_markdown(const struct site *s, struct page *p)
{
	return render_markdown_mapped(s, p, NULL);
}

int
render_markdown_mapped(const struct site *s, struct page *p,
    struct markdown_srcmap *map)
{
	struct markdown_options opt;
	struct markdown_result res;
	struct linkctx lc = { s, p };
	int rc;

	memset(&opt, 0, sizeof(opt));
	memset(&res, 0, sizeof(res));
	opt.engine = s->cfg->engine;
	opt.allow_html = s->cfg->unsafe_html;
	opt.path = p->path;
	opt.first_line = p->body_line;
	opt.resolve_link = resolve_link;
	opt.link_ctx = &lc;
	opt.srcmap = map;
	rc = markdown_render(p->body, p->body_len, &opt, &res);
	/* its own strings now (a copy of a page whose Markdown was the
	 * cache's is rendered again for a check's source map) */
	p->md_mapped = 0;
	p->html = buf_detach(&res.html);
	p->auto_summary = buf_detach(&res.summary);
	p->headings = res.headings;
	p->nheadings = res.nheadings;
	res.headings = NULL;
	res.nheadings = 0;
	markdown_result_free(&res);
	if (p->type == PAGE_REVISION)
		render_revision_diff(p, &opt);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Templates                                                           */

struct tsource {
	char		*name;
	char		*path;
	struct buf	 text;
	struct template	*compiled;	/* NULL when it failed to compile */
};

struct renderer {
	const struct site	*site;
	struct tsource		*src;
	size_t			 nsrc;
	int			 outside_links;	/* templates linked from elsewhere */
	struct template_loader	 loader;
	const struct template	*home, *section, *page, *kind[NPAGE_KINDS];
	/* issue 6: section indexes by kind (section-faq …), /audit/ */
	const struct template	*section_kind[NPAGE_KINDS], *audit;
	/* generated pages and files (issue 4) */
	const struct template	*classification, *scheme, *code, *sitemap,
				*search;
	const struct template	*sitemap_xml, *robots;
	const struct template	*revision;
	struct date		 updated;	/* site update date */
};

static const struct tsource *
find_source(const struct renderer *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nsrc; i++)
		if (strcmp(r->src[i].name, name) == 0)
			return &r->src[i];
	return NULL;
}

static const char *
loader_source(void *ctx, const char *name, size_t *len, const char **path)
{
	const struct tsource *t = find_source(ctx, name);

	if (t == NULL)
		return NULL;
	*len = t->text.len;
	*path = t->path;
	return buf_cstr(&t->text);
}

/* Every template was compiled once in render_new; lookups are read-only,
 * so any number of threads may render at once. */
static const struct template *
loader_compiled(void *ctx, const char *name, int *failed)
{
	const struct tsource *t = find_source(ctx, name);

	if (t == NULL)
		return NULL;
	if (t->compiled == NULL)
		*failed = 1;
	return t->compiled;
}

/* Read every DIR/NAME.mustache not already loaded from an earlier dir. */
static void
load_dir(struct renderer *r, const char *dir, const char *within)
{
	char **files, **links;
	size_t n, i, k, nlinks;

	if (fs_list_files_within(dir, within, &files, &n, &links, &nlinks) < 0)
		die("無法讀取樣板資料夾 (cannot read templates) %s", dir);
	/* a template linked from elsewhere on the server is not read */
	for (i = 0; i < nlinks; i++) {
		char *path = fs_join(dir, links[i]);

		diag_error(path, 1, 1, "符號連結指向網站或佈景主題資料夾之外，"
		    "拒絕讀取 (symbolic link points outside the site or theme "
		    "folder)");
		free(path);
		r->outside_links++;
	}
	fs_list_free(links, nlinks);
	for (i = 0; i < n; i++) {
		size_t l = strlen(files[i]);
		char *name;

		if (l <= 9 || strcmp(files[i] + l - 9, ".mustache") != 0)
			continue;
		name = xstrndup(files[i], l - 9);
		for (k = 0; k < r->nsrc; k++)
			if (strcmp(r->src[k].name, name) == 0)
				break;
		if (k < r->nsrc) {
			free(name);
			continue;
		}
		r->src = xrealloc(r->src, (r->nsrc + 1) * sizeof(*r->src));
		struct tsource *t = &r->src[r->nsrc++];
		t->name = name;
		t->path = fs_join(dir, files[i]);
		t->compiled = NULL;
		memset(&t->text, 0, sizeof(t->text));
		if (fs_read_file(t->path, &t->text) < 0)
			die("無法讀取樣板 (cannot read template) %s", t->path);
	}
	fs_list_free(files, n);
}

static const struct template *
lookup(struct renderer *r, const char *name, int required, int *errors)
{
	const struct tsource *t = find_source(r, name);

	if (t == NULL) {
		if (required) {
			diag_error(r->site->cfg->theme_dir, 0, 0,
			    "佈景主題缺少樣板 layouts/%s.mustache (missing template)",
			    name);
			(*errors)++;
		}
		return NULL;
	}
	return t->compiled;
}

struct renderer *
render_new(const struct site *s)
{
	struct renderer *r = xcalloc(1, sizeof(*r));
	char *site_layouts = fs_join(s->cfg->site_dir, "layouts");
	char *theme_layouts = fs_join(s->cfg->theme_dir, "layouts");
	int errors = 0;
	size_t i;

	r->site = s;
	r->loader.source = loader_source;
	r->loader.compiled = loader_compiled;
	r->loader.ctx = r;
	load_dir(r, site_layouts, s->cfg->site_dir);
	load_dir(r, theme_layouts, s->cfg->theme_dir);
	errors += r->outside_links;
	/* compile everything once, so each syntax error is reported once */
	for (i = 0; i < r->nsrc; i++) {
		r->src[i].compiled = template_compile(r->src[i].path,
		    buf_cstr(&r->src[i].text), r->src[i].text.len);
		if (r->src[i].compiled == NULL)
			errors++;
	}
	r->home = lookup(r, "home", 1, &errors);
	r->section = lookup(r, "section", 1, &errors);
	r->page = lookup(r, "page", 1, &errors);
	for (i = 1; i < NELEM(r->kind); i++)
		r->kind[i] = lookup(r, page_kind_name((enum page_kind)i), 0,
		    &errors);
	r->classification = lookup(r, "classification", 1, &errors);
	r->scheme = lookup(r, "classification-scheme", 1, &errors);
	r->code = lookup(r, "classification-code", 1, &errors);
	r->sitemap = lookup(r, "sitemap", 1, &errors);
	r->search = lookup(r, "search", 1, &errors);
	r->sitemap_xml = lookup(r, "sitemap.xml", 1, &errors);
	r->robots = lookup(r, "robots.txt", 1, &errors);
	r->revision = lookup(r, "revision", 1, &errors);
	for (i = 1; i < NELEM(r->section_kind); i++)
		r->section_kind[i] = lookup(r, kindview_section_template(
		    (enum page_kind)i), 0, &errors);
	r->audit = lookup(r, "audit", s->audit_page != NULL, &errors);
	r->updated = site_updated(s);
	free(site_layouts);
	free(theme_layouts);
	if (errors) {
		render_free(r);
		return NULL;
	}
	return r;
}

void
render_free(struct renderer *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nsrc; i++) {
		template_free(r->src[i].compiled);
		free(r->src[i].name);
		free(r->src[i].path);
		buf_free(&r->src[i].text);
	}
	free(r->src);
	free(r);
}

/* ------------------------------------------------------------------ */
/* Template context                                                    */

/* A page's URL for an href: base path plus the percent-encoded path (the
 * template HTML-escapes it). */
static const char *
link(struct arena *a, const struct site *s, const char *url)
{
	return site_link(a, s, url);
}

static void
put_date(struct arena *a, const struct site *s, struct value *m,
    const char *key, const struct date *d)
{
	char buf[32];
	char *k;

	date_display(d, s->cfg->date_format, buf, sizeof(buf));
	value_map_str(a, m, key, buf);
	date_iso(d, buf, sizeof(buf));
	k = arena_printf(a, "%s_iso", key);
	value_map_str(a, m, k, buf);
}

static struct value *
strlist_value(struct arena *a, const struct strlist *l)
{
	struct value *v = value_list(a);
	size_t i;

	for (i = 0; i < l->n; i++)
		value_list_push(a, v, value_string(a, l->v[i]));
	return v;
}

static const char *
summary_of(const struct page *p)
{
	return page_summary(p);
}

/* A page as it appears in lists (sections, home). */
static struct value *
page_brief(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *m = value_map(a);

	value_map_str(a, m, "title", p->title);
	value_map_str(a, m, "url", link(a, s, p->url));
	value_map_str(a, m, "summary", summary_of(p));
	value_map_str(a, m, "kind", page_kind_name(p->kind));
	value_map_bool(a, m, "has_date", p->date.year != 0);
	put_date(a, s, m, "date", &p->date);
	return m;
}

/* Optional text: absent when empty, so {{#key}} sections skip it (Mustache
 * counts "" as true). */
static void
opt_str(struct arena *a, struct value *m, const char *key, const char *s)
{
	if (s != NULL && s[0] != '\0')
		value_map_str(a, m, key, s);
}

static struct value *
menu_value(struct arena *a, const struct site *s, const struct page *cur,
    const struct menu_item *items, size_t n)
{
	struct value *menu = value_list(a);
	size_t i;

	for (i = 0; i < n; i++) {
		struct value *it = value_map(a);
		const char *u = items[i].url;
		int local = u[0] == '/';
		const char *href = local ? link(a, s, u) : u;
		/* current: this page is the menu target or lies under it */
		int cur_in = local && cur != NULL && strcmp(u, "/") != 0 &&
		    strncmp(cur->url, u, strlen(u)) == 0;

		value_map_str(a, it, "title", items[i].title);
		value_map_str(a, it, "url", href);
		value_map_bool(a, it, "external", !local);
		value_map_bool(a, it, "current", cur_in && strcmp(cur->url, u) == 0);
		value_map_bool(a, it, "active", cur_in);
		value_list_push(a, menu, it);
	}
	return menu;
}

static struct value *
site_value(struct arena *a, const struct site *s, const struct page *cur)
{
	const struct config *c = s->cfg;
	struct value *m = value_map(a), *ag = value_map(a), *menu, *secs;
	size_t i;

	value_map_str(a, m, "title", c->title);
	value_map_str(a, m, "description", c->description);
	value_map_str(a, m, "base_url", c->base_url);
	value_map_str(a, m, "base_path", c->base_path);
	value_map_str(a, m, "language", c->language);
	opt_str(a, m, "copyright", c->copyright);
	value_map_str(a, m, "home_url", link(a, s, "/"));
	opt_str(a, ag, "name", c->agency.name);
	opt_str(a, ag, "code", c->agency.code);
	opt_str(a, ag, "address", c->agency.address);
	opt_str(a, ag, "phone", c->agency.phone);
	opt_str(a, ag, "fax", c->agency.fax);
	opt_str(a, ag, "hours", c->agency.hours);
	opt_str(a, ag, "email", c->agency.email);
	opt_str(a, ag, "feedback_url", c->agency.feedback_url);
	value_map_set(a, m, "agency", ag);

	menu = menu_value(a, s, cur, c->menu, c->nmenu);
	value_map_set(a, m, "menu", menu);
	value_map_set(a, m, "footer_menu", menu_value(a, s, cur,
	    c->footer_menu, c->nfooter_menu));
	value_map_bool(a, m, "has_footer_menu", c->nfooter_menu > 0);
	value_map_bool(a, m, "has_menu", c->nmenu > 0);

	secs = value_list(a);
	for (i = 0; i < s->nsections; i++) {
		struct value *it = value_map(a);

		value_map_str(a, it, "title", s->sections[i].title);
		value_map_str(a, it, "url", link(a, s, s->sections[i].url));
		value_list_push(a, secs, it);
	}
	value_map_set(a, m, "sections", secs);
	return m;
}

/* Generated classification pages: the chain of pages above, top first. */
static void
up_breadcrumbs(struct arena *a, const struct site *s, const struct page *up,
    struct value *l)
{
	struct value *it;

	if (up->up != NULL)
		up_breadcrumbs(a, s, up->up, l);
	it = value_map(a);
	value_map_str(a, it, "title", up->title);
	value_map_str(a, it, "url", link(a, s, up->url));
	value_list_push(a, l, it);
}

static struct value *
breadcrumbs(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *l = value_list(a), *it;

	if (p->type == PAGE_HOME)
		return l;
	it = value_map(a);
	value_map_str(a, it, "title", "首頁");
	value_map_str(a, it, "url", link(a, s, "/"));
	value_list_push(a, l, it);
	if ((p->type == PAGE_REGULAR || p->type == PAGE_REVISION) &&
	    p->sec != NULL) {
		it = value_map(a);
		value_map_str(a, it, "title", p->sec->title);
		value_map_str(a, it, "url", link(a, s, p->sec->url));
		value_list_push(a, l, it);
	}
	if (p->up != NULL)
		up_breadcrumbs(a, s, p->up, l);
	return l;
}

/* ------------------------------------------------------------------ */
/* Revision history (issue 3)                                          */

static struct value *
revision_value(struct arena *a, const struct site *s,
    const struct page_revision *r)
{
	struct value *m = value_map(a);

	value_map_str(a, m, "id", r->id);
	value_map_str(a, m, "short_id", r->short_id);
	value_map_str(a, m, "author", r->author);
	value_map_str(a, m, "subject", r->subject);
	value_map_str(a, m, "when", r->when);
	put_date(a, s, m, "date", &r->date);
	if (r->url != NULL)
		value_map_str(a, m, "url", link(a, s, r->url));
	return m;
}

/* page.revisions[] (newest first), split into the five most recent and the
 * older ones (the theme folds those into <details>); page.uncommitted. */
static void
history_value(struct arena *a, const struct site *s, const struct page *p,
    struct value *m)
{
	const struct page_history *h = p->history;
	struct value *all = value_list(a), *recent = value_list(a),
	    *older = value_list(a);
	size_t i;

	for (i = 0; h != NULL && i < h->n; i++) {
		struct value *v = revision_value(a, s, &h->v[i]);

		value_list_push(a, all, v);
		value_list_push(a, i < 5 ? recent : older, v);
	}
	value_map_set(a, m, "revisions", all);
	value_map_set(a, m, "revisions_recent", recent);
	value_map_set(a, m, "revisions_older", older);
	value_map_bool(a, m, "has_revisions", all->len > 0);
	value_map_bool(a, m, "has_older_revisions", older->len > 0);
	value_map_num(a, m, "revision_count", (double)all->len);
	value_map_num(a, m, "older_count", (double)older->len);
	value_map_bool(a, m, "uncommitted", h != NULL && h->uncommitted);

	if (p->revision != NULL) {
		const struct revision_page *rp = p->revision;
		struct value *r = revision_value(a, s, rp->rev);

		value_map_bool(a, r, "is_latest", rp->is_latest);
		value_map_str(a, r, "current_url", link(a, s, rp->current->url));
		value_map_str(a, r, "current_title", rp->current->title);
		if (rp->prev != NULL)
			value_map_set(a, r, "prev", revision_value(a, s, rp->prev));
		value_map_bool(a, r, "has_diff", rp->diff_html != NULL);
		value_map_set(a, r, "diff", value_string_ref(a,
		    rp->diff_html ? rp->diff_html : ""));
		value_map_set(a, m, "revision", r);
	}
}

static struct value *
page_value(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *m = page_brief(a, s, p), *toc;
	size_t i;

	value_map_str(a, m, "permalink", site_permalink(a, s, p->url));
	value_map_set(a, m, "content", value_string_ref(a, p->html ? p->html : ""));
	value_map_bool(a, m, "is_home", p->type == PAGE_HOME);
	value_map_bool(a, m, "is_section", p->type == PAGE_SECTION);
	value_map_bool(a, m, "is_page", p->type == PAGE_REGULAR);
	value_map_str(a, m, "section", p->section);
	if (p->sec != NULL) {
		value_map_str(a, m, "section_title", p->sec->title);
		value_map_str(a, m, "section_url", link(a, s, p->sec->url));
	}
	{
		/* 最後更新日期: front matter lastmod, else git, else date */
		struct date up = page_updated(p);

		value_map_bool(a, m, "has_lastmod", up.year != 0);
		put_date(a, s, m, "lastmod", &up);
	}
	history_value(a, s, p, m);
	value_map_set(a, m, "keywords", strlist_value(a, &p->keywords));
	value_map_set(a, m, "theme", strlist_value(a, &p->theme));
	value_map_set(a, m, "cake", strlist_value(a, &p->cake));
	value_map_set(a, m, "service", strlist_value(a, &p->service));

	/* a table of contents for long pages: h2 and h3 */
	toc = value_list(a);
	for (i = 0; i < p->nheadings; i++) {
		struct value *h;

		if (p->headings[i].level < 2 || p->headings[i].level > 3)
			continue;
		h = value_map(a);
		value_map_str(a, h, "id", p->headings[i].id);
		value_map_str(a, h, "text", p->headings[i].text);
		value_map_num(a, h, "level", p->headings[i].level);
		value_map_bool(a, h, "sub", p->headings[i].level == 3);
		value_list_push(a, toc, h);
	}
	value_map_set(a, m, "toc", toc);
	value_map_bool(a, m, "has_toc", toc->len >= 3);
	return m;
}

/* Pages a pager names around the current one: the first, the last, and
 * two either side; a gap stands for the others. */
#define PAGER_AROUND	2

static struct value *
pager_link(struct arena *a, const struct site *s, const struct page *p,
    const struct page *cur)
{
	struct value *m = value_map(a);

	value_map_num(a, m, "num", (double)p->pager_num);
	value_map_str(a, m, "url", link(a, s, p->url));
	value_map_bool(a, m, "current", p == cur);
	return m;
}

/* pager: the pages of p's list (a section's or a code's, cut by
 * site.yaml paginate), for a nav of previous, numbered and next links;
 * rel prev/next on the two. */
static struct value *
pager_value(struct arena *a, const struct site *s, const struct page *p)
{
	struct page *const *pager = page_pager(p);
	struct value *m = value_map(a), *l = value_list(a), *gap;
	size_t k, num = p->pager_num, total = p->pager_total;

	value_map_num(a, m, "num", (double)num);
	value_map_num(a, m, "total", (double)total);
	if (num > 1)
		value_map_set(a, m, "prev", pager_link(a, s, pager[num - 2],
		    p));
	if (num < total)
		value_map_set(a, m, "next", pager_link(a, s, pager[num], p));
	for (k = 1; k <= total; k++) {
		if (k == 1 || k == total || (k + PAGER_AROUND >= num &&
		    k <= num + PAGER_AROUND)) {
			value_list_push(a, l, pager_link(a, s, pager[k - 1],
			    p));
			continue;
		}
		gap = value_map(a);
		value_map_bool(a, gap, "gap", 1);
		value_list_push(a, l, gap);
		k = k < num ? num - PAGER_AROUND - 1 : total - 1;
	}
	value_map_set(a, m, "pages", l);
	return m;
}

static struct value *
context(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *ctx = value_map(a), *pages, *secs;
	size_t i, k;

	value_map_set(a, ctx, "site", site_value(a, s, p));
	value_map_set(a, ctx, "page", page_value(a, s, p));
	value_map_set(a, ctx, "breadcrumbs", breadcrumbs(a, s, p));
	value_map_str(a, ctx, "generator", "gongkai " VERSION);

	pages = value_list(a);
	if (p->type == PAGE_SECTION) {
		struct page *const *listed = page_listed(p, &k);

		for (i = 0; i < k; i++)
			value_list_push(a, pages, page_brief(a, s, listed[i]));
	}
	if (p->pager_total > 1 && page_pager(p) != NULL)
		value_map_set(a, ctx, "pager", pager_value(a, s, p));
	value_map_set(a, ctx, "pages", pages);
	value_map_bool(a, ctx, "has_pages", pages->len > 0);

	if (p->type == PAGE_HOME) {
		/* each section with its first five pages */
		secs = value_list(a);
		for (i = 0; i < s->nsections; i++) {
			const struct section *sec = &s->sections[i];
			struct value *it = value_map(a), *l = value_list(a);

			value_map_str(a, it, "title", sec->title);
			value_map_str(a, it, "url", link(a, s, sec->url));
			value_map_str(a, it, "summary", summary_of(sec->index));
			for (k = 0; k < sec->npages && k < 5; k++)
				value_list_push(a, l, page_brief(a, s, sec->pages[k]));
			value_map_set(a, it, "pages", l);
			value_map_bool(a, it, "more", sec->npages > 5);
			value_map_num(a, it, "count", (double)sec->npages);
			value_list_push(a, secs, it);
		}
		value_map_set(a, ctx, "sections", secs);
	}
	return ctx;
}

/* ------------------------------------------------------------------ */
/* Metadata, classification indexes, 網站導覽, sitemap.xml (issue 4)   */

/* meta[]: the Dublin Core and MyEGov pairs (dcmeta.c). */
static struct value *
meta_value(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *l = value_list(a);
	struct dcmeta *m;
	size_t i, n;

	m = dcmeta_page(a, s, p, &n);
	for (i = 0; i < n; i++) {
		struct value *it = value_map(a);

		value_map_str(a, it, "name", m[i].name);
		value_map_str(a, it, "content", m[i].content);
		value_list_push(a, l, it);
	}
	return l;
}

/* A code as templates see it: code, name, count, url when it has a page. */
static struct value *
code_value(struct arena *a, const struct site *s, const struct class_code *cc)
{
	struct value *m = value_map(a);

	value_map_str(a, m, "code", cc->entry->code);
	value_map_str(a, m, "name", cc->entry->name);
	value_map_num(a, m, "count", (double)cc->npages);
	value_map_num(a, m, "depth", cc->entry->depth);
	value_map_bool(a, m, "is_child", cc->entry->depth > 0);
	value_map_bool(a, m, "has_url", cc->page != NULL);
	value_map_bool(a, m, "has_parent", 0);
	if (cc->page != NULL)
		value_map_str(a, m, "url", link(a, s, cc->page->url));
	return m;
}

static struct value *
scheme_value(struct arena *a, const struct site *s,
    const struct class_scheme *cs)
{
	struct value *m = value_map(a);

	value_map_str(a, m, "key", classify_key(cs->scheme));
	value_map_str(a, m, "label", classify_label(cs->scheme));
	value_map_str(a, m, "about", classify_about(cs->scheme));
	value_map_str(a, m, "url", link(a, s, cs->page->url));
	value_map_num(a, m, "count", (double)cs->ncodes);
	value_map_num(a, m, "npages", (double)cs->npages);
	return m;
}

/* page.classification[]: the page's own codes with links to their pages. */
static struct value *
page_codes_value(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *l = value_list(a);
	size_t i;
	int sc;

	for (sc = 0; sc < NSCHEMES; sc++) {
		const struct strlist *codes = page_codes(p, (enum scheme)sc);
		struct value *it, *cl;

		if (codes->n == 0)
			continue;
		it = value_map(a);
		cl = value_list(a);
		value_map_str(a, it, "key", classify_key((enum scheme)sc));
		value_map_str(a, it, "label", classify_label((enum scheme)sc));
		for (i = 0; i < codes->n; i++) {
			const struct class_code *cc = site_find_code(s,
			    (enum scheme)sc, codes->v[i]);
			struct value *c;

			if (cc != NULL) {
				c = code_value(a, s, cc);
			} else {
				c = value_map(a);
				value_map_str(a, c, "code", codes->v[i]);
				value_map_str(a, c, "name", codes->v[i]);
				value_map_bool(a, c, "has_url", 0);
			}
			value_list_push(a, cl, c);
		}
		value_map_set(a, it, "codes", cl);
		value_list_push(a, l, it);
	}
	return l;
}

/* site.header_links[], the badge, the update date and the URLs of the
 * generated pages. */
static void
site_extras(struct arena *a, const struct renderer *r, const struct page *p,
    struct value *site)
{
	const struct site *s = r->site;
	const struct badge *b = &s->cfg->badge;
	struct value *hl = value_list(a), *it;
	char d[32];

	it = value_map(a);
	value_map_str(a, it, "title", "回首頁");
	value_map_str(a, it, "url", link(a, s, "/"));
	value_map_bool(a, it, "current", p->type == PAGE_HOME);
	value_list_push(a, hl, it);
	/* the Atom feeds (feed.c) */
	value_map_str(a, site, "feed_url", link(a, s, "/feed.xml"));
	if (p->sec != NULL) {
		value_map_str(a, site, "section_feed_url", link(a, s,
		    arena_printf(a, "%sfeed.xml", p->sec->url)));
		value_map_str(a, site, "section_feed_title", p->sec->title);
	}
	if (s->search != NULL) {
		value_map_str(a, site, "search_url", link(a, s, s->search->url));
		value_map_bool(a, site, "is_search", p == s->search);
	}
	if (s->sitemap != NULL) {
		value_map_str(a, site, "sitemap_url", link(a, s, s->sitemap->url));
		it = value_map(a);
		value_map_str(a, it, "title", "網站導覽");
		value_map_str(a, it, "url", link(a, s, s->sitemap->url));
		value_map_bool(a, it, "current", p == s->sitemap);
		value_list_push(a, hl, it);
	}
	if (s->classification != NULL) {
		value_map_str(a, site, "classification_url",
		    link(a, s, s->classification->url));
		it = value_map(a);
		value_map_str(a, it, "title", "分類檢索");
		value_map_str(a, it, "url", link(a, s, s->classification->url));
		value_map_bool(a, it, "current", p == s->classification);
		value_map_bool(a, it, "active", p->type == PAGE_CLASSIFICATION ||
		    p->type == PAGE_SCHEME || p->type == PAGE_CODE);
		value_list_push(a, hl, it);
	}
	value_map_set(a, site, "header_links", hl);

	if (b->image[0] != '\0') {
		it = value_map(a);
		value_map_str(a, it, "image", b->image[0] == '/' ?
		    link(a, s, b->image) : b->image);
		value_map_str(a, it, "alt", b->alt);
		value_map_bool(a, it, "has_url", b->url[0] != '\0');
		if (b->url[0] != '\0')
			value_map_str(a, it, "url", b->url[0] == '/' ?
			    link(a, s, b->url) : b->url);
		value_map_set(a, site, "accessibility_badge", it);
	}
	value_map_bool(a, site, "has_updated", r->updated.year != 0);
	date_display(&r->updated, s->cfg->date_format, d, sizeof(d));
	value_map_str(a, site, "updated", d);
	date_iso(&r->updated, d, sizeof(d));
	value_map_str(a, site, "updated_iso", d);
}

/* A row of a code page: page_brief plus kind and last update. */
static struct value *
code_page_row(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *m = page_brief(a, s, p);
	struct date u = page_updated(p);

	value_map_str(a, m, "kind_label", page_kind_label(p));
	value_map_bool(a, m, "has_updated", u.year != 0);
	put_date(a, s, m, "updated", &u);
	return m;
}

static void
code_context(struct arena *a, const struct site *s, const struct page *p,
    struct value *ctx)
{
	const struct class_code *cc = p->code;
	const struct class_scheme *cs = p->scheme;
	struct value *code = code_value(a, s, cc), *kids = value_list(a);
	struct value *pages = value_list(a);
	struct page *const *listed;
	size_t i, n, self = (size_t)(cc - cs->codes);

	if (cc->entry->up != (size_t)-1) {
		value_map_set(a, code, "parent",
		    code_value(a, s, &cs->codes[cc->entry->up]));
		value_map_bool(a, code, "has_parent", 1);
	}
	for (i = 0; i < cs->ncodes; i++)
		if (cs->codes[i].entry->up == self)
			value_list_push(a, kids, code_value(a, s, &cs->codes[i]));
	value_map_set(a, code, "children", kids);
	value_map_bool(a, code, "has_children", kids->len > 0);
	value_map_set(a, ctx, "code", code);
	listed = page_listed(p, &n);
	for (i = 0; i < n; i++)
		value_list_push(a, pages, code_page_row(a, s, listed[i]));
	value_map_set(a, ctx, "pages", pages);
	value_map_bool(a, ctx, "has_pages", pages->len > 0);
}

static void
scheme_context(struct arena *a, const struct site *s,
    const struct class_scheme *cs, struct value *ctx)
{
	struct value *codes = value_list(a);
	size_t i;

	for (i = 0; i < cs->ncodes; i++) {
		const struct class_code *cc = &cs->codes[i];
		struct value *c = code_value(a, s, cc);

		if (cc->entry->up != (size_t)-1) {
			value_map_set(a, c, "parent",
			    code_value(a, s, &cs->codes[cc->entry->up]));
			value_map_bool(a, c, "has_parent", 1);
		}
		value_list_push(a, codes, c);
	}
	value_map_set(a, ctx, "codes", codes);
	value_map_bool(a, ctx, "has_codes", codes->len > 0);
}

static struct value *
schemes_value(struct arena *a, const struct site *s)
{
	struct value *l = value_list(a);
	int sc;

	for (sc = 0; s->cls != NULL && sc < NSCHEMES; sc++)
		value_list_push(a, l, scheme_value(a, s, &s->schemes[sc]));
	return l;
}

/* 網站導覽: the site tree by section. */
static void
sitemap_context(struct arena *a, const struct site *s, struct value *ctx)
{
	struct value *secs = value_list(a), *top = value_list(a);
	size_t i, k;

	for (i = 0; i < s->nsections; i++) {
		const struct section *sec = &s->sections[i];
		struct value *it = value_map(a), *l = value_list(a);

		value_map_str(a, it, "title", sec->title);
		value_map_str(a, it, "url", link(a, s, sec->url));
		for (k = 0; k < sec->npages; k++)
			value_list_push(a, l, page_brief(a, s, sec->pages[k]));
		value_map_set(a, it, "pages", l);
		value_map_bool(a, it, "has_pages", l->len > 0);
		value_list_push(a, secs, it);
	}
	for (i = 0; i < s->npages; i++)
		if (s->pages[i]->type == PAGE_REGULAR &&
		    s->pages[i]->sec == NULL)
			value_list_push(a, top, page_brief(a, s, s->pages[i]));
	value_map_set(a, ctx, "sections", secs);
	value_map_set(a, ctx, "top_pages", top);
	value_map_bool(a, ctx, "has_top_pages", top->len > 0);
	value_map_str(a, ctx, "home_title", s->home->title);
}

/* Everything issue 4 adds to a page's context, kept apart from context()
 * so other additions merge cleanly. */
static void
myegov_context(struct arena *a, const struct renderer *r,
    const struct page *p, struct value *ctx)
{
	const struct site *s = r->site;
	struct value *page = value_map_get(ctx, "page");
	struct value *codes = page_codes_value(a, s, p);

	site_extras(a, r, p, value_map_get(ctx, "site"));
	value_map_set(a, ctx, "meta", meta_value(a, s, p));
	value_map_str(a, page, "kind_label", page_kind_label(p));
	value_map_bool(a, page, "is_generated", p->generated);
	value_map_set(a, page, "classification", codes);
	value_map_bool(a, page, "has_classification", codes->len > 0);
	value_map_set(a, ctx, "schemes", schemes_value(a, s));
	switch (p->type) {
	case PAGE_SCHEME:
		value_map_set(a, ctx, "scheme", scheme_value(a, s, p->scheme));
		scheme_context(a, s, p->scheme, ctx);
		break;
	case PAGE_CODE:
		value_map_set(a, ctx, "scheme", scheme_value(a, s, p->scheme));
		code_context(a, s, p, ctx);
		break;
	case PAGE_SITEMAP:
		sitemap_context(a, s, ctx);
		break;
	default:
		break;
	}
}

static int
cmp_url(const void *a, const void *b)
{
	return strcmp((*(struct page *const *)a)->url,
	    (*(struct page *const *)b)->url);
}

int
render_sitemap_xml(struct renderer *r, struct buf *out)
{
	const struct site *s = r->site;
	struct arena a = ARENA_INIT;
	struct value *ctx = value_map(&a), *urls = value_list(&a);
	struct page **byurl;
	size_t i;
	int rc;

	byurl = xmalloc((s->npages + 1) * sizeof(*byurl));
	memcpy(byurl, s->pages, s->npages * sizeof(*byurl));
	xqsort(byurl, s->npages, sizeof(*byurl), cmp_url);
	for (i = 0; i < s->npages; i++) {
		struct value *it = value_map(&a);
		struct date d = site_page_updated(s, byurl[i]);
		char b[32];

		value_map_str(&a, it, "loc", site_permalink(&a, s, byurl[i]->url));
		value_map_bool(&a, it, "has_lastmod", d.year != 0);
		date_iso(&d, b, sizeof(b));
		value_map_str(&a, it, "lastmod", b);
		value_list_push(&a, urls, it);
	}
	free(byurl);
	value_map_set(&a, ctx, "urls", urls);
	value_map_set(&a, ctx, "site", site_value(&a, s, s->home));
	rc = template_render(r->sitemap_xml, ctx, &r->loader, out);
	arena_free(&a);
	return rc;
}

int
render_robots(struct renderer *r, struct buf *out)
{
	const struct site *s = r->site;
	struct arena a = ARENA_INIT;
	struct value *ctx = value_map(&a);
	int rc;

	value_map_set(&a, ctx, "site", site_value(&a, s, s->home));
	value_map_str(&a, ctx, "sitemap_xml_url",
	    site_permalink(&a, s, "/sitemap.xml"));
	rc = template_render(r->robots, ctx, &r->loader, out);
	arena_free(&a);
	return rc;
}

int
render_page(struct renderer *r, const struct page *p, struct buf *out)
{
	return render_page_mapped(r, p, out, NULL);
}

int
render_page_mapped(struct renderer *r, const struct page *p, struct buf *out,
    struct template_srcmap *map)
{
	struct arena a = ARENA_INIT;
	const struct template *t;
	size_t n;
	int rc;

	struct value *ctx;

	if (p->type == PAGE_HOME)
		t = r->home;
	else if (p->type == PAGE_SECTION)
		t = r->section_kind[p->kind] ? r->section_kind[p->kind] :
		    r->section;
	else if (p->type == PAGE_AUDIT)
		t = r->audit;
	else if (p->type == PAGE_CLASSIFICATION)
		t = r->classification;
	else if (p->type == PAGE_SCHEME)
		t = r->scheme;
	else if (p->type == PAGE_CODE)
		t = r->code;
	else if (p->type == PAGE_SITEMAP)
		t = r->sitemap;
	else if (p->type == PAGE_SEARCH)
		t = r->search;
	else if (p->type == PAGE_REVISION)
		t = r->revision;
	else
		t = r->kind[p->kind] ? r->kind[p->kind] : r->page;
	ctx = context(&a, r->site, p);
	myegov_context(&a, r, p, ctx);
	kindview_context(&a, r->site, p, ctx);
	n = map ? map->n : 0;
	rc = template_render_mapped(t, ctx, &r->loader, out, map);
	/* the context dies with the arena: keep only values that outlive it */
	for (; map != NULL && n < map->n; n++)
		if (map->v[n].value != p->html)
			map->v[n].value = NULL;
	arena_free(&a);
	return rc;
}

/* ------------------------------------------------------------------ */
/* A template outside any site (build --all's supervision page)        */

int
render_standalone(const char *layouts_dir, const char *name,
    const struct value *ctx, struct buf *out)
{
	struct renderer *r = xcalloc(1, sizeof(*r));
	const struct tsource *t;
	size_t i;
	int rc = -1;

	r->loader.source = loader_source;
	r->loader.compiled = loader_compiled;
	r->loader.ctx = r;
	load_dir(r, layouts_dir, layouts_dir);
	for (i = 0; i < r->nsrc; i++)
		r->src[i].compiled = template_compile(r->src[i].path,
		    buf_cstr(&r->src[i].text), r->src[i].text.len);
	if ((t = find_source(r, name)) == NULL)
		diag_error(layouts_dir, 0, 0, "佈景主題缺少樣板 %s.mustache "
		    "(missing template)", name);
	else if (t->compiled != NULL)
		rc = template_render(t->compiled, ctx, &r->loader, out);
	render_free(r);
	return rc;
}
