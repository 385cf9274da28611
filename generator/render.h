#ifndef GONGKAI_RENDER_H
#define GONGKAI_RENDER_H
/*
 * render: model -> HTML. Two steps per page, both independent of every
 * other page so a later stage can run them in parallel:
 *
 *   render_markdown  the page's Markdown body to HTML (p->html, headings,
 *                    auto_summary), rewriting .md links to built URLs;
 *   render_page      the page's template context and theme template.
 *
 * Templates are looked up by name in SITE/layouts/ first, then in the
 * theme's layouts/ (so a site overrides single templates, as in Hugo).
 * A regular page uses layouts/KIND.mustache (faq, sop, plan, report, news)
 * and falls back to page.mustache; a section uses section-KIND.mustache
 * when there is one, else section.mustache; the home page home.mustache;
 * /audit/ audit.mustache; the generated pages classification.mustache
 * (/classification/), classification-scheme.mustache,
 * classification-code.mustache and sitemap.mustache (網站導覽); the files
 * sitemap.xml.mustache and robots.txt.mustache.
 *
 * Page dates must be final before render_new: it takes the site update
 * date (site_updated) once.
 */
#include "buf.h"
#include "markdown.h"
#include "site.h"
#include "template.h"
#include "value.h"

struct renderer;

/* Load and compile the templates. NULL after reporting errors. */
struct renderer	*render_new(const struct site *s);
void		 render_free(struct renderer *r);

/* Returns 0, or -1 after reporting errors in the page. */
int	render_markdown(const struct site *s, struct page *p);
/* Append the finished HTML document for p to out. 0 or -1. */
int	render_page(struct renderer *r, const struct page *p, struct buf *out);
/* The same, also filling source maps for the checks (check.h): map (may
 * be NULL) as in markdown_options.srcmap, offsets in p->html; and as in
 * template_render_mapped, offsets in out, where an entry's value is kept
 * only when it is p->html (the rest of the context is freed). */
int	render_markdown_mapped(const struct site *s, struct page *p,
	    struct markdown_srcmap *map);
int	render_page_mapped(struct renderer *r, const struct page *p,
	    struct buf *out, struct template_srcmap *map);
/* sitemap.xml (layouts/sitemap.xml.mustache): every page's absolute URL,
 * sorted, with its lastmod (site_page_updated). 0 or -1. */
int	render_sitemap_xml(struct renderer *r, struct buf *out);
/* robots.txt (layouts/robots.txt.mustache), pointing at sitemap.xml. */
int	render_robots(struct renderer *r, struct buf *out);
/* Render layouts_dir/NAME.mustache (partials and parents from the same
 * folder) with ctx, for a page outside any site: the supervision page of
 * build --all. 0, or -1 after reporting errors. */
int	render_standalone(const char *layouts_dir, const char *name,
	    const struct value *ctx, struct buf *out);

#endif
