#ifndef GONGKAI_STRLIST_H
#define GONGKAI_STRLIST_H
/*
 * strlist: a list of strings read from YAML, each with the place it was
 * written, so later checks (classification codes) can point at one item.
 * Shared by the page model (site.h) and the configuration (config.h).
 * The arrays belong to whichever arena the parser was given.
 */
#include <stddef.h>

/* Where a YAML value was written (1-based; 0 when unknown). */
struct srcpos {
	int	line, col;
};

struct strlist {
	const char	**v;
	struct srcpos	 *pos;
	size_t		  n;
};

#endif
