#ifndef GONGKAI_MARKDOWN_H
#define GONGKAI_MARKDOWN_H
/*
 * markdown: Markdown to HTML, with md4c (default) or cmark-gfm behind one
 * interface. Our own renderer runs on md4c's md_parse callbacks and on
 * cmark-gfm's node tree; neither library's HTML renderer is used.
 *
 * Both engines write the same markup (that of cmark's html.c: <br />,
 * <img ... />, <hr />), so a page looks the same whichever parsed it.
 *
 * Site mode (spec == 0) enriches the output: GitHub dialect (tables,
 * strikethrough, task lists, autolinks), raw HTML escaped (shown as text)
 * unless allow_html, stable unique heading ids readable for Chinese
 * (<h2 id="第一章-總則">; repeats get -1, -2...; an empty one is
 * "section"), scope="col" on table header cells, column alignment as
 * style="text-align: ..." (align="" is obsolete HTML), an error for an
 * image without alt text, .md links rewritten through resolve_link, and
 * javascript:/vbscript:/file:/non-image data: URLs dropped with a warning
 * unless allow_html, and table captions: a paragraph that begins with
 * "Table:" or "表：" ("表:") directly before or after a table (only a
 * blank line between) becomes that table's <caption> (the rest of the
 * paragraph, inline markup kept) instead of a paragraph; it is never the
 * summary. GFM's tagfilter (<script>, <iframe>, <title>...
 * escaped) applies wherever raw HTML passes, except md4c spec mode.
 * No <a target> is ever generated.
 *
 * Spec mode (spec == 1) is for conformance runs: md4c renders plain
 * CommonMark (no extensions), cmark-gfm renders with the GFM extensions
 * table, strikethrough, autolink, tagfilter and tasklist; raw HTML is
 * allowed and nothing is enriched. It runs the same rendering code:
 * cmark-gfm's output is byte for byte that of `cmark-gfm --unsafe -e table
 * -e strikethrough -e autolink -e tagfilter -e tasklist`.
 *
 * Errors are reported with diag_error(path, line, col, ...) using lines of
 * the original file (first_line is the file line of the first Markdown
 * line); columns count UTF-8 characters. md4c reports no positions: a
 * link or image is placed at the first "[" or "![" after the last text
 * seen (its destination for autolinks), which is where cmark-gfm puts it
 * in all but contrived cases.
 * Thread-safety: md4c is reentrant; cmark-gfm is serialised by a mutex
 * inside this module, held while the callbacks run.
 */
#include <stddef.h>

#include "buf.h"

enum markdown_engine {
	MARKDOWN_MD4C,
	MARKDOWN_CMARK_GFM
};

/*
 * Site mode only: called for every link or image destination whose path
 * (before an optional ?query or #fragment) ends in ".md", case-insensitive,
 * and that has no scheme and does not start with "//". dest is decoded
 * (entities and backslash escapes resolved) and not NUL-terminated. Write
 * the replacement URL, unescaped, to out (the caller escapes it for the
 * attribute) and return 0; or report the problem with diag_error at
 * path:line:col and return -1: the link keeps its destination and the
 * error counts in markdown_result.errors. It must not call markdown_render
 * with the cmark-gfm engine (its mutex is held).
 */
/*
 * Site mode, optional: where the HTML came from. Each entry says that the
 * output from byte off of res->html on (up to the next entry) was written
 * for Markdown at line:col (file lines, as in diagnostics; col counts
 * UTF-8 characters). Entries are made at the start of every block, link,
 * image, line of text and piece of raw HTML, in increasing off; blocks
 * without text (an empty cell, a thematic break) take the line of the
 * next text. A raw entry's output is its input byte for byte up to the
 * end of the line (raw HTML that passed), so columns inside it can be
 * counted from it; other entries give the place where their text or
 * element begins. Filled
 * only when markdown_options.srcmap is set; free with
 * markdown_srcmap_free.
 */
struct markdown_srcpos {
	size_t	off;
	int	line, col;
	int	raw;
};

struct markdown_srcmap {
	struct markdown_srcpos	*v;
	size_t			 n, cap;
};

/* The entry covering off (the last with entry.off <= off), or NULL when
 * the map is empty or starts after off. */
const struct markdown_srcpos *markdown_srcmap_find(
	    const struct markdown_srcmap *m, size_t off);
void	markdown_srcmap_free(struct markdown_srcmap *m);

typedef int (*markdown_link_fn)(void *ctx, const char *dest, size_t len,
    struct buf *out, const char *path, int line, int col);

struct markdown_options {
	enum markdown_engine	 engine;
	int			 spec;
	int			 allow_html;
	/* Site mode wraps each table in a focusable, labelled scrolling
	 * region, "表格 N（可左右捲動）"; labels must be unique on a page, so
	 * several renders for one page share table_seq (NULL: count from 1
	 * in this render) and may put table_label before it. */
	unsigned		*table_seq;
	const char		*table_label;
	const char		*path;		/* for diagnostics; may be NULL */
	int			 first_line;	/* 1 when there is no front matter */
	markdown_link_fn	 resolve_link;	/* may be NULL */
	void			*link_ctx;
	/* NULL, or an empty map to fill (site mode only; ignored in spec
	 * mode). Costs nothing when NULL. */
	struct markdown_srcmap	*srcmap;
};

/* Headings and the summary are collected in both modes; the ids are
 * written into the HTML only in site mode. Strings are owned by the
 * result. */
struct markdown_heading {
	int	 level;
	char	*id;		/* as written in id="" (unescaped) */
	char	*text;		/* plain text, whitespace collapsed */
};

struct markdown_result {
	struct buf		 html;
	struct buf		 summary;	/* plain text of the first top-level
						 * paragraph that has any text
						 * (alt text does not count),
						 * whitespace collapsed; may be
						 * empty */
	struct markdown_heading	*headings;	/* in document order */
	size_t			 nheadings;
	int			 errors;	/* errors reported for this text */
};

/* Once, in main, before any thread starts: registers cmark-gfm's
 * extensions. Idempotent (markdown_render also makes sure of it). */
void	markdown_global_init(void);
/* Parse from its name ("md4c", "cmark-gfm"); -1 if unknown. */
int	markdown_engine_parse(const char *name, enum markdown_engine *out);

/* Render text[0..len) (len up to 1 GiB). res must be zeroed by the
 * caller; free it with markdown_result_free. res->html.data is never NULL
 * afterwards. Returns 0, or -1 when errors were reported (the HTML is
 * still complete). */
int	markdown_render(const char *text, size_t len,
	    const struct markdown_options *opt, struct markdown_result *res);
void	markdown_result_free(struct markdown_result *res);

#endif
