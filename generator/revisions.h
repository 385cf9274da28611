#ifndef GONGKAI_REVISIONS_H
#define GONGKAI_REVISIONS_H
/*
 * revisions: git history attached to the model (history stage → model).
 *
 * revisions_open reads the history of the site's repository once (through
 * history.c, cached under SITE/.gongkai/); revisions_attach gives every
 * page with a source file its revisions (newest first, dates in the
 * site's time zone), its 「尚未提交」 state, and its effective modified
 * date: front matter `lastmod`, else the newest commit's author date, else
 * `date`. revisions_publish makes, for the pages of the sections listed in
 * history.publish, one generated page per revision
 * (/plans/x/revisions/SHORTID/), rendered from the file as it was at that
 * commit, with a comparison against the revision before it.
 *
 * Everything is allocated in the site's arena; struct revisions owns only
 * the open repository.
 */
#include <stddef.h>

#include "date.h"
#include "site.h"

struct page_revision {
	const char	*id;		/* 40 hex digits */
	const char	*short_id;	/* first 7 */
	const char	*author;	/* valid UTF-8 */
	const char	*subject;	/* valid UTF-8 */
	struct date	 date;		/* author date in the site's zone */
	const char	*when;		/* ISO 8601 with the site zone's offset */
	const char	*url;		/* its published page, or NULL */
};

struct page_history {
	struct page_revision	*v;	/* newest first */
	size_t			 n;
	int			 uncommitted;	/* 「尚未提交」 */
};

/* What a published revision page shows, beyond a page's fields. */
struct revision_page {
	const struct page		*current;	/* the page today */
	const struct page_revision	*rev;
	const struct page_revision	*prev;		/* older one, or NULL */
	const struct page		*prev_page;	/* it, parsed; or NULL */
	char				*diff_html;	/* vs prev (render_markdown);
							 * NULL if none */
	int				 is_latest;
};

struct revisions;

/* NULL when history.enabled is false, or when the repository exists but
 * cannot be read (reported). A site without a repository gets an empty
 * history and one warning. threads: for a walk (0: the core count). The
 * functions below accept NULL. */
struct revisions	*revisions_open(const struct config *cfg, int strict,
			    int threads);
void			 revisions_close(struct revisions *r);

/* Set p->history and p->modified for every page of s. */
void	revisions_attach(struct revisions *r, struct site *s);

/* Add the published revision pages to s->revpages (rendered Markdown
 * included). Returns the number of pages made. */
size_t	revisions_publish(struct revisions *r, struct site *s);

/* After attach and publish: the repository is closed and its memory given
 * back (history_release_repo); the pages keep what they were given. */
void	revisions_release(struct revisions *r);

#endif
