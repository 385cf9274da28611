#ifndef GONGKAI_REVDIFF_H
#define GONGKAI_REVDIFF_H
/*
 * revdiff: what changed between two revisions of a page, for readers.
 *
 * Both texts are split into blocks (paragraphs, list items, table rows:
 * runs of lines separated by blank lines). Blocks are compared whole;
 * a block that was replaced by a similar one is "changed" and compared
 * character by character (by Unicode code point, since Chinese has no
 * spaces between words). The result is HTML:
 *
 *   unchanged block  rendered through opt->render (or escaped text)
 *   added block      <div class="diff-added"><ins>…</ins></div>
 *   removed block    <div class="diff-removed"><del>…</del></div>
 *   changed block    <p class="diff-changed">text <del>old</del><ins>new</ins> text</p>
 *
 * Every <ins> and <del> starts with a visually hidden label 「新增：」 or
 * 「刪除：」 (class "visually-hidden"), and ends with 「（新增結束）」 /
 * 「（刪除結束）」, so screen readers announce both ends of each change.
 * Pure computation: no I/O, no globals; thread-safe.
 */
#include <stddef.h>

#include "buf.h"

struct revdiff_stats {
	size_t	same, added, removed, changed;	/* blocks */
};

/* Render one block of Markdown (len bytes) as HTML into out. */
typedef void (*revdiff_render_fn)(void *ctx, const char *text, size_t len,
    struct buf *out);

struct revdiff_options {
	revdiff_render_fn	 render;	/* NULL: blocks shown as text */
	void			*ctx;
	int			 context;	/* unchanged blocks shown around a
						 * change; -1 = all */
};

/* Compare old and new; append the HTML to out and fill st (may be NULL). */
void	revdiff_html(const char *old, size_t oldlen, const char *new,
	    size_t newlen, const struct revdiff_options *opt, struct buf *out,
	    struct revdiff_stats *st);

/*
 * The edit script between two sequences of 32-bit symbols, as a string of
 * operations: '=' keep, '-' delete from a, '+' insert from b (deletions
 * come before insertions in each run). Longest common subsequence after
 * trimming the common prefix and suffix; when the rest is too large to
 * compare (more than REVDIFF_MAX_CELLS), the middle is one deletion plus
 * one insertion. Caller frees. *n_ops gets the length.
 */
char	*revdiff_script(const unsigned *a, size_t na, const unsigned *b,
	    size_t nb, size_t *n_ops);

/* Above this many comparison cells (na * nb after trimming) the middle of
 * two sequences is replaced whole: 4M cells of 2 bytes is 8 MB. */
#define REVDIFF_MAX_CELLS	(4u * 1024 * 1024)

#endif
