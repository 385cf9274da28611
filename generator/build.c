/*
 * build: the pipeline of `gongkai build` and `gongkai check`:
 * scan -> parse -> model -> render -> write.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classify.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "frontmatter.h"
#include "fs.h"
#include "render.h"
#include "revisions.h"
#include "scan.h"
#include "site.h"
#include "util.h"
#include "write.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/gongkai"
#endif

struct build_opts {
	const char	*site_dir;
	const char	*out_dir;	/* NULL: check only */
	int		 strict;
	int		 quiet;
};

static int
usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "gongkai %s: %s%s%s\n", cmd, msg, arg ? " " : "",
	    arg ? arg : "");
	fprintf(stderr, "用法 (usage): gongkai %s [--site DIR]%s [--strict] "
	    "[--quiet]\n", cmd, strcmp(cmd, "build") == 0 ? " [--out DIR]" : "");
	return 2;
}

static int
parse_args(const char *cmd, int argc, char **argv, struct build_opts *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--site") == 0 || strcmp(a, "-s") == 0) {
			if (++i >= argc)
				return usage_error(cmd, "--site 需要資料夾 (needs DIR)", NULL);
			o->site_dir = argv[i];
		} else if ((strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) &&
		    o->out_dir != NULL) {
			if (++i >= argc)
				return usage_error(cmd, "--out 需要資料夾 (needs DIR)", NULL);
			o->out_dir = argv[i];
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o->quiet = 1;
		} else if (strcmp(a, "-j") == 0) {
			/* accepted for compatibility; the build is serial for now */
			if (++i >= argc)
				return usage_error(cmd, "-j 需要數字 (needs N)", NULL);
		} else if (strcmp(a, "--no-check") == 0) {
			/* nothing to skip yet */
		} else {
			return usage_error(cmd, "未知的選項 (unknown option)", a);
		}
	}
	return 0;
}

/* themes/NAME in the site, else beside the binary, else DATADIR. */
static void
find_theme(struct config *cfg)
{
	char *exe, *p;

	if (fs_is_dir(cfg->theme_dir))
		return;
	if ((exe = fs_exe_dir()) != NULL) {
		p = arena_printf(&cfg->arena, "%s/themes/%s", exe, cfg->theme);
		free(exe);
		if (fs_is_dir(p)) {
			cfg->theme_dir = p;
			return;
		}
	}
	p = arena_printf(&cfg->arena, "%s/themes/%s", DATADIR, cfg->theme);
	if (fs_is_dir(p)) {
		cfg->theme_dir = p;
		return;
	}
	diag_error(cfg->path, 0, 0, "找不到佈景主題「%s」 (theme not found; "
	    "looked in %s)", cfg->theme, cfg->theme_dir);
}

/* parse: read each source and its front matter into a page, and check
 * its classification codes against the vocabularies. */
static void
parse_pages(struct site *s, const struct scan *sc, const struct classify *cls)
{
	size_t i;

	for (i = 0; i < sc->npages; i++) {
		const struct scanned *in = &sc->pages[i];
		struct page *p = arena_alloc(&s->arena, sizeof(*p));
		struct buf text = BUF_INIT;

		p->rel = arena_strdup(&s->arena, in->rel);
		p->path = arena_strdup(&s->arena, in->path);
		p->section = arena_strdup(&s->arena, in->section);
		p->type = in->type;
		p->kind = page_kind_for_section(p->section);
		if (fs_read_file(in->path, &text) < 0) {
			diag_error(in->path, 0, 0, "無法讀取 (cannot read): %s",
			    strerror(errno));
			buf_free(&text);
			continue;
		}
		/* the page keeps pointers into its text: give it to the arena */
		char *kept = arena_strndup(&s->arena, buf_cstr(&text), text.len);
		buf_free(&text);
		/* a page with front-matter errors stays in the model so its
		 * body and the links to it are still checked */
		frontmatter_parse(&s->arena, kept, strlen(kept), p);
		if (p->draft)
			continue;
		classify_check_page(cls, p);
		site_add_page(s, p);
	}
}

/* Every local menu link must reach a page or a copied file. */
static void
check_menus(const struct site *s)
{
	const struct config *c = s->cfg;
	const struct menu_item *lists[] = { c->menu, c->footer_menu };
	size_t counts[] = { c->nmenu, c->nfooter_menu };
	size_t l, i, k;

	for (l = 0; l < 2; l++)
		for (i = 0; i < counts[l]; i++) {
			const struct menu_item *m = &lists[l][i];
			int found = m->url[0] != '/' ||
			    site_find_url(s, m->url) != NULL;

			for (k = 0; !found && k < s->nstatics; k++)
				found = strcmp(s->statics[k].out, m->url + 1) == 0;
			if (!found)
				diag_error(c->path, m->line, m->col,
				    "選單連結 %s 找不到對應的頁面 (menu link to a "
				    "missing page)", m->url);
		}
}

/* The badge image must be a page-free file gongkai copies, or a URL. */
static void
check_badge(const struct site *s)
{
	const struct badge *b = &s->cfg->badge;
	size_t k;

	if (b->image[0] != '/')
		return;
	for (k = 0; k < s->nstatics; k++)
		if (strcmp(s->statics[k].out, b->image + 1) == 0)
			return;
	diag_error(s->cfg->path, b->line, b->col,
	    "無障礙標章圖檔 %s 不存在，請放在 content/ 之下 (badge image not "
	    "found)", b->image);
}

/* A robots.txt in content/ replaces the generated one; sitemap.xml is
 * always gongkai's, so it stays complete. */
static int
static_robots(const struct site *s)
{
	size_t k;
	int found = 0;

	for (k = 0; k < s->nstatics; k++) {
		if (strcmp(s->statics[k].out, "robots.txt") == 0)
			found = 1;
		if (strcmp(s->statics[k].out, "sitemap.xml") == 0)
			diag_error(s->statics[k].src, 1, 1, "sitemap.xml 由 gongkai "
			    "產生，請移除此檔 (sitemap.xml is generated; remove "
			    "this file)");
	}
	return found;
}

/* Write sitemap.xml and (unless content/ has one) robots.txt. */
static void
write_generated_files(struct renderer *r, struct output *out, int robots)
{
	struct buf b = BUF_INIT;

	if (render_sitemap_xml(r, &b) == 0)
		write_file(out, "sitemap.xml", b.data, b.len);
	buf_reset(&b);
	if (!robots && render_robots(r, &b) == 0)
		write_file(out, "robots.txt", b.data, b.len);
	buf_free(&b);
}

static int
run(struct build_opts *o)
{
	struct config cfg;
	struct classify cls;
	struct site site;
	struct scan sc;
	struct renderer *r = NULL;
	struct revisions *rev = NULL;
	struct output out;
	struct buf html = BUF_INIT;
	size_t i;
	int rc = 1, robots;

	diag_set_strict(o->strict);
	config_load(o->site_dir, &cfg);
	find_theme(&cfg);
	classify_load(&cls, o->site_dir);
	for (i = 0; i < NSCHEMES; i++)
		classify_check_list(&cls, (enum scheme)i, cfg.path,
		    &cfg.classification[i]);
	site_init(&site, &cfg);
	site.cls = &cls;
	site.content_dir = strcmp(o->site_dir, ".") == 0 ? "content" :
	    arena_printf(&site.arena, "%s/content", o->site_dir);
	memset(&out, 0, sizeof(out));

	if (scan_site(&site, &sc) == 0)
		parse_pages(&site, &sc, &cls);
	scan_free(&sc);
	site_build(&site);
	/* history: one walk (cached), then every page's revisions */
	rev = revisions_open(&cfg, o->strict);
	revisions_attach(rev, &site);
	revisions_publish(rev, &site);
	check_menus(&site);
	check_badge(&site);
	robots = static_robots(&site);
	if ((r = render_new(&site)) == NULL)
		goto out;
	for (i = 0; i < site.npages; i++)
		render_markdown(&site, site.pages[i]);
	/* old revisions are history: their problems are not today's errors */
	diag_suspend();
	for (i = 0; i < site.nrevpages; i++)
		render_markdown(&site, site.revpages[i]);
	diag_resume();
	if (diag_errors() > 0)
		goto out;
	if (write_begin(&out, o->out_dir) < 0) {
		rc = 2;
		goto out;
	}
	for (i = 0; i < site.npages; i++) {
		struct page *p = site.pages[i];

		buf_reset(&html);
		if (render_page(r, p, &html) < 0)
			continue;
		write_file(&out, p->out, html.data, html.len);
	}
	for (i = 0; i < site.nrevpages; i++) {
		struct page *p = site.revpages[i];

		buf_reset(&html);
		if (render_page(r, p, &html) < 0)
			continue;
		write_file(&out, p->out, html.data, html.len);
	}
	write_generated_files(r, &out, robots);
	for (i = 0; i < site.nstatics; i++)
		write_copy(&out, site.statics[i].out, site.statics[i].src);
	if (diag_errors() > 0) {
		write_abort(&out);
		goto out;
	}
	size_t files = out.files;
	if (write_commit(&out) < 0) {
		rc = 2;
		goto out;
	}
	rc = 0;
	if (!o->quiet)
		fprintf(stderr, "gongkai: %s %zu 頁、%zu 個檔案%s%s；%zu 個警告 "
		    "(%zu pages, %zu files, %zu warnings)\n",
		    o->out_dir ? "已建置" : "已檢查", site.npages, files,
		    o->out_dir ? "，輸出至 " : "", o->out_dir ? o->out_dir : "",
		    diag_warnings(), site.npages, files, diag_warnings());
out:
	if (rc == 1)
		fprintf(stderr, "gongkai: %zu 個錯誤，%s (%zu errors)\n",
		    diag_errors(), o->out_dir ? "未寫出網站，原有的輸出保持不變" :
		    "網站未通過檢查", diag_errors());
	buf_free(&html);
	render_free(r);
	revisions_close(rev);
	site_free(&site);
	classify_free(&cls);
	config_free(&cfg);
	return rc;
}

int
cmd_build(int argc, char **argv)
{
	struct build_opts o = { ".", "", 0, 0 };
	char *def = NULL;
	int rc;

	if ((rc = parse_args("build", argc, argv, &o)) != 0)
		return rc;
	/* like hugo: SITE/public unless --out says otherwise */
	if (o.out_dir[0] == '\0')
		o.out_dir = strcmp(o.site_dir, ".") == 0 ? "public" :
		    (def = fs_join(o.site_dir, "public"));
	rc = run(&o);
	free(def);
	return rc;
}

int
cmd_check(int argc, char **argv)
{
	struct build_opts o = { ".", NULL, 0, 0 };
	int rc;

	if ((rc = parse_args("check", argc, argv, &o)) != 0)
		return rc;
	return run(&o);
}
