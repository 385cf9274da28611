#ifndef GONGKAI_SCAN_H
#define GONGKAI_SCAN_H
/*
 * scan: find the site's sources (first stage of the pipeline).
 *
 * Lists content/ recursively in sorted order: every .md file becomes a
 * struct scanned with its place in the site (section, page type), every
 * other file a static file copied as is. The theme's static/ folder is
 * listed too (content files win on the same path).
 */
#include <stddef.h>

#include "site.h"

struct scanned {
	char		*rel;		/* "faq/x.md" */
	char		*path;		/* for reading and diagnostics */
	char		*section;	/* "faq" or "" */
	enum page_type	 type;
};

struct scan {
	struct scanned	*pages;
	size_t		 npages;
};

/* Fills sc and adds static files to s. Returns 0, or -1 after reporting
 * an unreadable folder. */
int	scan_site(struct site *s, struct scan *sc);
void	scan_free(struct scan *sc);

#endif
