#include "progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

int
progress_tty(void)
{
	const char *ci = getenv("CI");

	if (ci != NULL && ci[0] != '\0' && strcmp(ci, "false") != 0 &&
	    strcmp(ci, "0") != 0)
		return 0;
	return isatty(STDERR_FILENO);
}

void
progress_init(struct progress *p)
{
	memset(p, 0, sizeof(*p));
	pthread_mutex_init(&p->lock, NULL);
	p->start = now_ms();
}

/* "\r" back to the line's start, "\033[K" erase to its end. */
static void
erase(struct progress *p)
{
	if (p->visible) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->visible = 0;
	}
}

void
progress_page(void *arg, size_t done, size_t total)
{
	struct progress *p = arg;
	double now = now_ms();

	pthread_mutex_lock(&p->lock);
	if (p->finished || done <= p->shown) {
		/* a worker that finished before another reported: stale */
	} else if (done >= total) {
		/* the pool prints the pages' diagnostics next: clear first */
		p->finished = 1;
		erase(p);
	} else if (now - p->start >= PROGRESS_DELAY_MS &&
	    now - p->last >= PROGRESS_EVERY_MS) {
		fprintf(stderr, "\r\033[K建置中 %zu/%zu 頁 (building pages "
		    "%zu/%zu)", done, total, done, total);
		fflush(stderr);
		p->visible = 1;
		p->shown = done;
		p->last = now;
	}
	pthread_mutex_unlock(&p->lock);
}

void
progress_clear(struct progress *p)
{
	pthread_mutex_lock(&p->lock);
	erase(p);
	pthread_mutex_unlock(&p->lock);
	pthread_mutex_destroy(&p->lock);
}
