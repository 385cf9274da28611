#include "scan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "fs.h"
#include "util.h"

static int
has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Links out of within are errors at the link: a site must not publish
 * (or read) files from elsewhere on the server. */
static void
report_outside(const char *root, char **links, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *path = fs_join(root, links[i]);

		diag_error(path, 1, 1, "符號連結指向網站資料夾之外，拒絕讀取 "
		    "(symbolic link points outside the site folder)");
		free(path);
	}
	fs_list_free(links, n);
}

/* files[0..n) under root, copied as they are (content/'s: but its
 * Markdown) */
static void
add_static_files(struct site *s, const char *root, char **files, size_t n,
    int skip_md)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char *src;

		if (skip_md && has_suffix(files[i], ".md"))
			continue;
		src = fs_join(root, files[i]);
		site_add_static(s, src, files[i]);
		free(src);
	}
}

/* The theme's static/ folder. */
static void
add_theme_statics(struct site *s, const char *root)
{
	char **files = NULL, **links = NULL;
	size_t n = 0, nlinks = 0;

	if (fs_list_files_within(root, s->cfg->theme_dir, &files, &n, &links,
	    &nlinks) < 0)
		diag_error(root, 0, 0, "無法讀取資料夾 (cannot read folder): %s",
		    strerror(errno));
	report_outside(root, links, nlinks);
	add_static_files(s, root, files, n, 0);
	fs_list_free(files, n);
}

int
scan_site(struct site *s, struct scan *sc)
{
	char **files = NULL, **links = NULL;
	size_t n = 0, i, nlinks = 0;
	char *theme_static;
	int rc = 0;

	memset(sc, 0, sizeof(*sc));
	if (!fs_is_dir(s->content_dir)) {
		diag_error(s->content_dir, 0, 0,
		    "找不到內容資料夾 content/ (no content folder)");
		return -1;
	}
	if (fs_list_files_within(s->content_dir, s->cfg->site_dir, &files, &n,
	    &links, &nlinks) < 0) {
		diag_error(s->content_dir, 0, 0,
		    "無法讀取內容資料夾 (cannot read content folder): %s",
		    strerror(errno));
		rc = -1;
	}
	/* links are errors, but the pages are still parsed and checked */
	report_outside(s->content_dir, links, nlinks);
	sc->pages = xcalloc(n + 1, sizeof(*sc->pages));
	for (i = 0; i < n; i++) {
		const char *f = files[i], *slash = strchr(f, '/');
		struct scanned *p;

		if (!has_suffix(f, ".md"))
			continue;
		p = &sc->pages[sc->npages];
		p->rel = xstrdup(f);
		p->path = fs_join(s->content_dir, f);
		p->section = slash ? xstrndup(f, (size_t)(slash - f)) : xstrdup("");
		p->type = PAGE_REGULAR;
		if (strcmp(f, "_index.md") == 0)
			p->type = PAGE_HOME;
		else if (slash && strcmp(slash + 1, "_index.md") == 0)
			p->type = PAGE_SECTION;
		else if (has_suffix(f, "/_index.md")) {
			diag_warning(p->path, 0, 0,
			    "只有第一層資料夾可以有 _index.md，此檔將被略過 "
			    "(_index.md is only used at the top of a section)");
			free(p->rel);
			free(p->path);
			free(p->section);
			continue;
		}
		sc->npages++;
	}
	/* theme files first, so content files of the same path replace
	 * them; content/'s other files from the same listing (listing it
	 * twice was 3 ms of 5,000 pages) */
	theme_static = fs_join(s->cfg->theme_dir, "static");
	add_theme_statics(s, theme_static);
	free(theme_static);
	add_static_files(s, s->content_dir, files, n, 1);
	fs_list_free(files, n);
	return rc;
}

void
scan_free(struct scan *sc)
{
	size_t i;

	for (i = 0; i < sc->npages; i++) {
		free(sc->pages[i].rel);
		free(sc->pages[i].path);
		free(sc->pages[i].section);
	}
	free(sc->pages);
	memset(sc, 0, sizeof(*sc));
}
