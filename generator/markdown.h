#ifndef GONGKAI_MARKDOWN_H
#define GONGKAI_MARKDOWN_H
/*
 * markdown: Markdown to HTML, with md4c (default) or cmark-gfm behind one
 * interface. Our own renderer runs on md4c's md_parse callbacks and on
 * cmark-gfm's node tree; neither library's HTML renderer is used.
 *
 * Site mode (spec == 0) enriches the output: GitHub dialect (tables,
 * strikethrough, task lists, autolinks), raw HTML escaped unless
 * allow_html, stable unique heading ids readable for Chinese, scope="col"
 * on table header cells, an error for an image without alt text, and .md
 * links rewritten through resolve_link.
 *
 * Spec mode (spec == 1) is for conformance runs: md4c renders plain
 * CommonMark (no extensions), cmark-gfm renders with the GFM extensions
 * table, strikethrough, autolink, tagfilter and tasklist; raw HTML is
 * allowed and nothing is enriched. It runs the same rendering code.
 *
 * Errors are reported with diag_error(path, line, col, ...) using lines of
 * the original file (first_line is the file line of the first Markdown
 * line). Thread-safety: md4c is reentrant; cmark-gfm is serialised by a
 * mutex inside this module.
 */
#include <stddef.h>

#include "buf.h"

enum markdown_engine {
	MARKDOWN_MD4C,
	MARKDOWN_CMARK_GFM
};

/*
 * Called for every link or image destination that ends in ".md" (before an
 * optional #fragment) and is not an absolute URL. Write the replacement URL
 * to out and return 0, or report the problem with diag_error at
 * path:line:col and return -1.
 */
typedef int (*markdown_link_fn)(void *ctx, const char *dest, size_t len,
    struct buf *out, const char *path, int line, int col);

struct markdown_options {
	enum markdown_engine	 engine;
	int			 spec;
	int			 allow_html;
	const char		*path;		/* for diagnostics; may be NULL */
	int			 first_line;	/* 1 when there is no front matter */
	markdown_link_fn	 resolve_link;	/* may be NULL */
	void			*link_ctx;
};

struct markdown_heading {
	int	 level;
	char	*id;		/* as written in id="" (unescaped) */
	char	*text;		/* plain text of the heading */
};

struct markdown_result {
	struct buf		 html;
	struct buf		 summary;	/* plain text of the first paragraph */
	struct markdown_heading	*headings;	/* in document order */
	size_t			 nheadings;
	int			 errors;	/* errors reported for this text */
};

/* Once, in main, before any thread starts: registers cmark-gfm's
 * extensions. */
void	markdown_global_init(void);
/* Parse from its name ("md4c", "cmark-gfm"); -1 if unknown. */
int	markdown_engine_parse(const char *name, enum markdown_engine *out);

/* Render text[0..len). res must be zeroed by the caller; free it with
 * markdown_result_free. Returns 0, or -1 when errors were reported (the
 * HTML is still complete). */
int	markdown_render(const char *text, size_t len,
	    const struct markdown_options *opt, struct markdown_result *res);
void	markdown_result_free(struct markdown_result *res);

#endif
