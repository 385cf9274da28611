#include "render.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "escape.h"
#include "fs.h"
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

int
render_markdown(const struct site *s, struct page *p)
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
	rc = markdown_render(p->body, p->body_len, &opt, &res);
	p->html = buf_detach(&res.html);
	p->auto_summary = buf_detach(&res.summary);
	p->headings = res.headings;
	p->nheadings = res.nheadings;
	res.headings = NULL;
	res.nheadings = 0;
	markdown_result_free(&res);
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
	struct template_loader	 loader;
	const struct template	*home, *section, *page, *kind[5];
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
load_dir(struct renderer *r, const char *dir)
{
	char **files;
	size_t n, i, k;

	if (fs_list_files(dir, &files, &n) < 0)
		die("無法讀取樣板資料夾 (cannot read templates) %s", dir);
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
	load_dir(r, site_layouts);
	load_dir(r, theme_layouts);
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
	struct buf b = BUF_INIT;
	const char *r;

	escape_url_path(&b, s->cfg->base_path, strlen(s->cfg->base_path));
	escape_url_path(&b, url + 1, strlen(url + 1));
	r = arena_strndup(a, b.data, b.len);
	buf_free(&b);
	return r;
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
	if (p->summary && p->summary[0])
		return p->summary;
	return p->auto_summary ? p->auto_summary : "";
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
	if (p->type == PAGE_REGULAR && p->sec != NULL) {
		it = value_map(a);
		value_map_str(a, it, "title", p->sec->title);
		value_map_str(a, it, "url", link(a, s, p->sec->url));
		value_list_push(a, l, it);
	}
	return l;
}

static struct value *
page_value(struct arena *a, const struct site *s, const struct page *p)
{
	struct value *m = page_brief(a, s, p), *toc;
	size_t i;

	{
		struct buf b = BUF_INIT;

		buf_append(&b, s->cfg->base_url, strlen(s->cfg->base_url) -
		    strlen(s->cfg->base_path));
		buf_puts(&b, link(a, s, p->url));
		value_map_str(a, m, "permalink", b.data);
		buf_free(&b);
	}
	value_map_set(a, m, "content", value_string_ref(a, p->html ? p->html : ""));
	value_map_bool(a, m, "is_home", p->type == PAGE_HOME);
	value_map_bool(a, m, "is_section", p->type == PAGE_SECTION);
	value_map_bool(a, m, "is_page", p->type == PAGE_REGULAR);
	value_map_str(a, m, "section", p->section);
	if (p->sec != NULL) {
		value_map_str(a, m, "section_title", p->sec->title);
		value_map_str(a, m, "section_url", link(a, s, p->sec->url));
	}
	value_map_bool(a, m, "has_lastmod", p->lastmod.year != 0);
	put_date(a, s, m, "lastmod", p->lastmod.year ? &p->lastmod : &p->date);
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
	if (p->type == PAGE_SECTION && p->sec != NULL) {
		for (i = 0; i < p->sec->npages; i++)
			value_list_push(a, pages, page_brief(a, s, p->sec->pages[i]));
	}
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

int
render_page(struct renderer *r, const struct page *p, struct buf *out)
{
	struct arena a = ARENA_INIT;
	const struct template *t;
	int rc;

	if (p->type == PAGE_HOME)
		t = r->home;
	else if (p->type == PAGE_SECTION)
		t = r->section;
	else
		t = r->kind[p->kind] ? r->kind[p->kind] : r->page;
	rc = template_render(t, context(&a, r->site, p), &r->loader, out);
	arena_free(&a);
	return rc;
}
