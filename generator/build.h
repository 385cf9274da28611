#ifndef GONGKAI_BUILD_H
#define GONGKAI_BUILD_H
/*
 * build: the stages before rendering, shared by `gongkai build`, `check`,
 * `audit` and `build --all`: site.yaml, the vocabularies, the pages, the
 * model, the history and the links between pages.
 */
#include "classify.h"
#include "config.h"
#include "date.h"
#include "revisions.h"
#include "site.h"

/* A loaded site. It must stay where build_load put it: the site points
 * at the config and the vocabularies. */
struct site_model {
	struct config		 cfg;
	struct classify		 cls;
	struct site		 site;
	struct revisions	*rev;
	int			 jobs;		/* threads; 0: the core count */
	double			 ms[8];		/* time of each phase (--verbose) */
};

/* Phases timed in site_model.ms and by `gongkai build --verbose`. */
enum build_phase {
	PHASE_CONFIG, PHASE_PARSE, PHASE_MODEL, PHASE_HISTORY,
	PHASE_MARKDOWN, PHASE_PAGES, PHASE_FILES, PHASE_WRITE
};

/*
 * Read and model the site in site_dir; every problem is reported with
 * diag (check diag_errors()). theme_root: a folder whose themes/NAME is
 * used when the site has none of its own (build --all shares the
 * repository's themes/), or NULL. Free with build_unload.
 */
void	build_load(struct site_model *m, const char *site_dir,
	    const char *theme_root, int strict);
void	build_unload(struct site_model *m);

/* The day `gongkai build` audits a site as of when --today is not given:
 * the site update date (the newest page update), so the build stays
 * reproducible; the clock only for a site without any date. */
struct date	build_default_today(const struct site *s);

#endif
