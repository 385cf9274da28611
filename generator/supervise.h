#ifndef GONGKAI_SUPERVISE_H
#define GONGKAI_SUPERVISE_H
/*
 * supervise: the supervision page of `gongkai build --all` (管制考核,
 * 陸、二): for each agency under sites/, grouped by its supervising agency
 * (site.yaml audit.supervisor), whether this year's plan is published,
 * which quarterly reports came on time, how many SOPs offer a progress
 * lookup, and what the agency still owes (issue 6).
 */
#include <stddef.h>

#include "audit.h"
#include "date.h"
#include "write.h"

/*
 * Write OUT/index.html (layouts/supervision.mustache of theme_dir),
 * OUT/supervision.json (every agency's audit) and the theme's static
 * files into out. names[i] is the folder of audits[i] (sites/NAME/,
 * built into OUT/NAME/). Returns 0, or -1 after reporting errors.
 */
int	supervise_write(struct output *out, const char *theme_dir,
	    const struct audit_report *audits, const char *const *names,
	    size_t n, struct date today);

#endif
