#ifndef GONGKAI_SITE_H
#define GONGKAI_SITE_H
/*
 * site: the model. Plain structs built once per build from the parsed
 * pages (scan -> parse -> model); renderers and checkers only read it.
 *
 * Every string and array lives in the site's arena and is valid until
 * site_free(). Pages, sections and lists are sorted deterministically:
 * sections by weight then name; pages by weight, then date (newest first),
 * then title, then path.
 */
#include <stddef.h>

#include "arena.h"
#include "config.h"
#include "date.h"
#include "markdown.h"

enum page_kind {
	KIND_PAGE,
	KIND_PLAN,
	KIND_REPORT,
	KIND_FAQ,
	KIND_SOP
};

enum page_type {
	PAGE_REGULAR,	/* a content file */
	PAGE_SECTION,	/* a section's index: content/SECTION/_index.md or generated */
	PAGE_HOME	/* content/_index.md or generated */
};

/* Where a front-matter value was written, for later checks. */
struct srcpos {
	int	line, col;
};

struct strlist {
	const char	**v;
	struct srcpos	 *pos;
	size_t		  n;
};

struct page {
	const char	*rel;		/* "faq/x.md", relative to content/ */
	const char	*path;		/* for diagnostics: "content/faq/x.md" */
	const char	*section;	/* "faq"; "" for top-level pages */
	enum page_type	 type;
	enum page_kind	 kind;

	/* front matter */
	const char	*title;
	const char	*summary;	/* "" when not given */
	const char	*slug;		/* NULL when not given */
	const char	*agency;	/* publishing agency or unit; NULL: site's */
	struct date	 date, lastmod;	/* year 0 when not given */
	struct strlist	 theme, cake, service, keywords, aliases;
	struct srcpos	 theme_pos, cake_pos, service_pos;
	long		 weight;
	int		 draft;

	/* body */
	const char	*body;		/* Markdown after the front matter */
	size_t		 body_len;
	int		 body_line;	/* file line of the first body line */

	/* model */
	const char	*url;		/* "/faq/x/", relative to base_path */
	const char	*out;		/* "faq/x/index.html" */
	struct section	*sec;		/* NULL for top-level pages and home */

	/* filled by render */
	char		*html;
	char		*auto_summary;	/* first paragraph as text */
	struct markdown_heading *headings;
	size_t		 nheadings;
};

struct section {
	const char	*name;		/* folder name: "faq" */
	const char	*title;
	const char	*url;		/* "/faq/" */
	long		 weight;
	struct page	*index;		/* its _index page (always set) */
	struct page	**pages;	/* regular pages, sorted */
	size_t		 npages;
};

struct static_file {
	const char	*src;		/* path to read */
	const char	*out;		/* path under the output folder */
};

struct site {
	struct arena		 arena;
	const struct config	*cfg;
	const char		*content_dir;

	struct page		**pages;	/* every non-draft page, incl. indexes */
	size_t			  npages, cap;
	struct section		 *sections;
	size_t			  nsections;
	struct page		 *home;
	struct static_file	 *statics;
	size_t			  nstatics, scap;
};

const char	*page_kind_name(enum page_kind k);
/* Kind implied by a section folder name (plans -> plan, ...). */
enum page_kind	 page_kind_for_section(const char *section);
/* 0 and the kind for "plan", "report", "faq", "sop", "page"; else -1. */
int		 page_kind_parse(const char *s, enum page_kind *out);

void	site_init(struct site *s, const struct config *cfg);
/* Add a parsed page (the site takes it; allocate it in s->arena). */
void	site_add_page(struct site *s, struct page *p);
void	site_add_static(struct site *s, const char *src, const char *out);
/*
 * Build the model from the added pages: sections (with generated index
 * pages where there is no _index.md), URLs and output paths, sort orders.
 * Reports duplicate URLs. Returns 0 or -1 after reporting errors.
 */
int	site_build(struct site *s);
/* The page published at url ("/faq/x/"), or NULL. Linear; for checks. */
struct page	*site_find_url(const struct site *s, const char *url);
/* The page whose source is rel ("faq/x.md"), or NULL. */
struct page	*site_find_page(const struct site *s, const char *rel);
void	site_free(struct site *s);

#endif
