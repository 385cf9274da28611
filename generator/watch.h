#ifndef GONGKAI_WATCH_H
#define GONGKAI_WATCH_H
/*
 * watch: what `gongkai serve` watches for changes, with inotify.
 *
 * Watched: SITE/site.yaml and every folder under SITE/content,
 * SITE/classification, SITE/themes and SITE/layouts, recursively; folders
 * created later (also those four, when the site gains them) are added as
 * they appear. Names starting with '.' and ending in '~' (editor swap and
 * backup files) are ignored, as the build ignores them.
 *
 * Debouncing: after the first change, watch_wait keeps reading until
 * WATCH_QUIET_MS pass without one (an editor's save is several events,
 * a `git checkout` hundreds), but returns after WATCH_MAX_MS at the
 * latest, so a steady stream of writes still gets a preview.
 */

#define WATCH_QUIET_MS	80
#define WATCH_MAX_MS	600

struct watch;

/* Start watching site_dir. NULL with a message printed when inotify is
 * not available. Free with watch_close. */
struct watch	*watch_open(const char *site_dir);
/*
 * Wait up to timeout_ms for a change, debounced as above. Returns 1 when
 * something changed, 0 on timeout, -1 on a signal (EINTR) or error.
 */
int	watch_wait(struct watch *w, int timeout_ms);
void	watch_close(struct watch *w);

#endif
