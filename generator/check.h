#ifndef GONGKAI_CHECK_H
#define GONGKAI_CHECK_H
/*
 * check: the two checkers run on every finished HTML page (DOMAIN.md §4).
 *
 *   libtidy   the whole page, HTML5, accessibility level 0 (its levels 1-3
 *             are WCAG 1.0). Its errors are errors, its warnings
 *             warnings. Reports that are wrong for valid HTML5 are dropped:
 *             empty elements (tidy would trim them), non-ASCII characters
 *             in URLs (IRIs are valid), autonomous custom elements, and
 *             a missing alt, which our own rule reports with its code.
 *   rules     our accessibility rules, reported with the Freego check code
 *             (data/freego_checks.tsv) where one is confirmed, without a
 *             code where none is: image alt (HM1110100C, HM1110101C,
 *             HM1110104C, HM1110105C) and alt="" with a title
 *             (HM1110106C); heading nesting, counting the page's h1
 *             (HM1130100C); table header cells tied to data cells by scope
 *             (HM1130101C) or by headers/id (HM1130102C); fieldset/legend
 *             (HM1130103C) and form labels (HM1130104C); link groups
 *             inside <nav> (HM1240102C); the page <title> (HM1240200C);
 *             link text (HM1240401C; a bare 「請點此」 has no code);
 *             <html lang> (HM1310100C) and lang on parts (HM2310200C);
 *             iframe/frame titles (HM1410201C); the 導盲磚 (skip link
 *             first, accesskey U in the header, C at the top of <main>, Z
 *             at the top of the footer; no code).
 *
 * Each finding is printed with diag_error or diag_warning at the place it
 * came from: the Markdown source line when it lies in the page's
 * Markdown-derived HTML, else the template line, else the line in the
 * page itself (src->out_path). Findings at template lines are held
 * until checker_finish, which prints each template place once (for the
 * first page in src->order that shows it, named in 「（頁面 …）」), so the
 * report is the same whatever the order or threads the pages were
 * checked in; one in markup a template pulled in from elsewhere
 * ({{{answer}}}: another page's content in the FAQ index, an SVG chart)
 * is dropped there when the same message was reported for its own
 * page.
 *
 * The rules read the page with a small tolerant tokenizer of our own
 * (this module; tidy's tree is repaired, ours is the page as written).
 * This is the only file that includes the libtidy headers.
 * Thread-safety: check_page may be called from several threads. libtidy
 * (not thread-safe) runs under a mutex inside this module, or in worker
 * processes (check_options.tidy_workers), which check pages in parallel.
 */
#include <stddef.h>
#include <stdint.h>

#include "markdown.h"
#include "template.h"

struct check_options {
	int	no_tidy;	/* skip libtidy */
	int	no_rules;	/* skip our accessibility rules */
	int	tidy_workers;	/* run libtidy in this many child processes
				 * (forked by checker_new, so call it while
				 * the process has one thread); 0: in this
				 * process, one page at a time */
};

/* Where a page came from, so findings point at source lines. Any member
 * may be NULL (or the range empty). */
struct check_source {
	const char			*out_path;	/* the page, e.g.
							 * "faq/x/index.html" */
	const char			*md_path;	/* its Markdown file */
	const struct markdown_srcmap	*md_map;	/* offsets in the
							 * fragment */
	size_t				 frag_start, frag_end;	/* where the
							 * Markdown HTML sits
							 * in the page */
	const struct template_srcmap	*tmpl_map;	/* offsets in the page */
	int				 history;	/* an old revision: only
							 * what the templates'
							 * own text wrote is
							 * reported (needs
							 * tmpl_map) */
	size_t				*nfindings;	/* out: findings of
							 * this page, before
							 * any is dropped or
							 * held (may be
							 * NULL) */
	size_t				 order;		/* the page's place in
							 * the build: held
							 * findings print in
							 * this order */
	/* libtidy's part. tidy_clean: the digest of a text libtidy said
	 * nothing about on this page before (checkcache.h; 0: none). Its
	 * reports are a function of the text it reads, so when the page
	 * gives it that text again (the FAQ index after an answer's edit:
	 * the answers are hidden from it) it is not run. *tidy_digest (may
	 * be NULL) gets the digest of the text libtidy read (hash64 | 1)
	 * when it said nothing about it, else 0. Our rules read every page. */
	uint64_t			 tidy_clean;
	uint64_t			*tidy_digest;
};

struct checker;

/* libtidy's release ("5.6.0"): the findings depend on it as much as on
 * gongkai's own rules (check.cache is tied to both). */
const char	*checker_tidy_version(void);

/* Never NULL; opt may be NULL (both checkers). Free with checker_free. */
struct checker	*checker_new(const struct check_options *opt);
void		 checker_free(struct checker *c);

/* Check html[0..len) (need not be NUL-terminated) and report what is
 * wrong. Returns 0, or -1 when errors were reported for this page
 * (warnings do not count, unless --strict made them errors). */
int	check_page(struct checker *c, const char *html, size_t len,
	    const struct check_source *src);
/* After the last check_page: print the findings held back (see above),
 * then forget them. Returns 0, or -1 when errors were among them. */
int	checker_finish(struct checker *c);

#endif
