#ifndef GONGKAI_BUILD_H
#define GONGKAI_BUILD_H
/*
 * build: the stages before rendering, shared by `gongkai build`, `check`,
 * `audit` and `build --all`: site.yaml, the vocabularies, the pages, the
 * model, the history and the links between pages.
 */
#include <pthread.h>

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
	long			 kb[8];		/* peak memory at its end */
	/* the history walk, on a thread of its own from build_load_model
	 * to build_load_history */
	pthread_t		 walker;
	int			 walking, strict;
	double			 walk_ms;
	/* the last build's front-matter trees (yamlcache.h) and fields
	 * (fmcache.h), set by the caller before build_load_model; NULL:
	 * none */
	struct yamlcache	*yaml;
	struct fmcache		*fm;
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
/*
 * build_load in two halves. build_load_model reads the config and the
 * pages and makes the model (sections, classification, the kinds' links),
 * while the history walk runs on a thread of its own; build_load_history
 * waits for the walk and gives every page its history and published
 * revisions (revisions.h). Between the two a caller may read the model
 * and write what no page's history step reads (build.c renders the
 * Markdown meanwhile). build_load is the two in a row.
 */
void	build_load_model(struct site_model *m, const char *site_dir,
	    const char *theme_root, int strict);
void	build_load_history(struct site_model *m);
void	build_unload(struct site_model *m);

/* The day `gongkai build` audits a site as of when --today is not given:
 * the site update date (the newest page update), so the build stays
 * reproducible; the clock only for a site without any date. */
struct date	build_default_today(const struct site *s);

/* Progress of the page stage: fn is called by the render workers (from
 * any thread, concurrently) after each page, done counting 1..total. */
struct build_progress {
	void	(*fn)(void *arg, size_t done, size_t total);
	void	*arg;
};

/* One build for `gongkai serve`: site_dir into out_dir. */
struct build_request {
	const char	*site_dir;
	const char	*out_dir;
	int		 no_check;
	const struct build_progress *progress;	/* or NULL */
	size_t		 pages, files, changed;	/* set by build_site */
};

/*
 * Build req->site_dir into req->out_dir as `gongkai build --out DIR -q`
 * does (a rebuild rewrites only changed files), printing no summary.
 * The diagnostic counts are reset first; the messages go through diag,
 * so the caller can capture them (diag_capture). Returns 0, 1 when the
 * site has errors (the previous output stays as it was), 2 when the
 * output folder cannot be written.
 */
int	build_site(struct build_request *req);

#endif
