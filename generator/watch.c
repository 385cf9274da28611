#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fs.h"
#include "util.h"

/* The folders of a site that a build reads (site.yaml is watched through
 * the site folder itself). */
static const char *const watched_dirs[] = {
	"content", "classification", "themes", "layouts", NULL
};

#define DIR_MASK	(IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | \
			 IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF)

struct wdir {
	int	 wd;
	char	*path;
	int	 top;		/* the site folder: only some names matter */
};

struct watch {
	int		 fd;
	char		*site;
	struct wdir	*d;
	size_t		 n, cap;
	int		 full;		/* out of inotify watches (told once) */
};

static void
add_one(struct watch *w, const char *path, int top)
{
	int wd = inotify_add_watch(w->fd, path, DIR_MASK | IN_ONLYDIR);
	size_t i;

	if (wd < 0) {
		/* gone already, or no permission: nothing to build; out of
		 * watches: say so once, changes there go unseen */
		if (errno == ENOSPC && !w->full) {
			w->full = 1;
			fprintf(stderr, "gongkai serve: 無法再監看更多資料夾，%s 之後"
			    "的變動不會自動重新建置；請提高 fs.inotify."
			    "max_user_watches (out of inotify watches)\n", path);
		}
		return;
	}
	for (i = 0; i < w->n; i++)
		if (w->d[i].wd == wd)
			return;	/* the same folder again */
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 16;
		w->d = xrealloc(w->d, w->cap * sizeof(*w->d));
	}
	w->d[w->n].wd = wd;
	w->d[w->n].path = xstrdup(path);
	w->d[w->n].top = top;
	w->n++;
}

static int
ignored(const char *name)
{
	size_t n = strlen(name);

	return name[0] == '.' || n == 0 || name[n - 1] == '~';
}

/* path and every folder below it */
static void
add_tree(struct watch *w, const char *path, int depth)
{
	DIR *dir;
	struct dirent *e;

	if (depth > 64)
		return;	/* a symlink loop, or a tree no site has */
	add_one(w, path, 0);
	if ((dir = opendir(path)) == NULL)
		return;
	while ((e = readdir(dir)) != NULL) {
		char *sub;

		if (ignored(e->d_name))
			continue;
		sub = fs_join(path, e->d_name);
		if (fs_is_dir(sub))
			add_tree(w, sub, depth + 1);
		free(sub);
	}
	closedir(dir);
}

static int
is_watched_top(const char *name)
{
	size_t i;

	if (strcmp(name, "site.yaml") == 0)
		return 1;
	for (i = 0; watched_dirs[i] != NULL; i++)
		if (strcmp(name, watched_dirs[i]) == 0)
			return 1;
	return 0;
}

struct watch *
watch_open(const char *site_dir)
{
	struct watch *w = xcalloc(1, sizeof(*w));
	size_t i;

	if ((w->fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC)) < 0) {
		fprintf(stderr, "gongkai serve: 無法監看檔案變動 (inotify): %s\n",
		    strerror(errno));
		free(w);
		return NULL;
	}
	w->site = xstrdup(site_dir);
	add_one(w, site_dir, 1);
	for (i = 0; watched_dirs[i] != NULL; i++) {
		char *p = fs_join(site_dir, watched_dirs[i]);

		if (fs_is_dir(p))
			add_tree(w, p, 0);
		free(p);
	}
	return w;
}

static const struct wdir *
find_wd(const struct watch *w, int wd)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		if (w->d[i].wd == wd)
			return &w->d[i];
	return NULL;
}

/* Read what is queued; 1 if any of it matters. New folders are watched
 * before their contents are looked at by the next build. */
static int
drain(struct watch *w)
{
	char ev[16 * (sizeof(struct inotify_event) + NAME_MAX + 1)]
	    __attribute__((aligned(__alignof__(struct inotify_event))));
	int changed = 0;
	ssize_t len;

	while ((len = read(w->fd, ev, sizeof(ev))) > 0) {
		char *p = ev;

		while (p < ev + len) {
			const struct inotify_event *e = (const void *)p;
			const struct wdir *d = find_wd(w, e->wd);

			p += sizeof(*e) + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				changed = 1;	/* lost events: rebuild anyway */
				continue;
			}
			if (d == NULL)
				continue;
			if (e->mask & IN_IGNORED) {	/* the folder is gone */
				size_t k = (size_t)(d - w->d);

				free(w->d[k].path);
				w->d[k] = w->d[--w->n];
				continue;
			}
			if (e->len == 0) {	/* the folder itself */
				changed |= !d->top;
				continue;
			}
			if (ignored(e->name) || (d->top && !is_watched_top(e->name)))
				continue;
			changed = 1;
			if ((e->mask & (IN_CREATE | IN_MOVED_TO)) &&
			    (e->mask & IN_ISDIR)) {
				char *sub = fs_join(d->path, e->name);

				add_tree(w, sub, 0);
				free(sub);
			}
		}
	}
	return changed;
}

int
watch_wait(struct watch *w, int timeout_ms)
{
	struct pollfd pfd = { w->fd, POLLIN, 0 };
	double first, last;
	int r;

	for (;;) {
		r = poll(&pfd, 1, timeout_ms);
		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
		if (drain(w))
			break;
	}
	/* debounce: until quiet, or WATCH_MAX_MS after the first change */
	first = last = now_ms();
	for (;;) {
		double now = now_ms();
		int wait = (int)(last + WATCH_QUIET_MS - now);

		if (now - first >= WATCH_MAX_MS || wait <= 0)
			return 1;
		r = poll(&pfd, 1, wait);
		if (r < 0)
			return errno == EINTR ? 1 : -1;
		if (r > 0 && drain(w))
			last = now_ms();
	}
}

void
watch_close(struct watch *w)
{
	size_t i;

	if (w == NULL)
		return;
	close(w->fd);
	for (i = 0; i < w->n; i++)
		free(w->d[i].path);
	free(w->d);
	free(w->site);
	free(w);
}
