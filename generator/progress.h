#ifndef GONGKAI_PROGRESS_H
#define GONGKAI_PROGRESS_H
/*
 * progress: the progress line of a long build on a terminal.
 *
 * On a terminal (stderr is a TTY and the environment variable CI is unset,
 * empty or "false"), a build that has run for PROGRESS_DELAY_MS shows
 * "建置中 N/M 頁 (building pages N/M)" on one line of stderr, rewritten in
 * place at most every PROGRESS_EVERY_MS and erased when the last page is
 * done (before the build prints its diagnostics) or at progress_clear.
 * Nothing else is printed: a CI log gets only the build's summary line.
 */
#include <pthread.h>
#include <stddef.h>

/* A build shorter than this shows no progress at all. */
#define PROGRESS_DELAY_MS	300
/* Redraws at most this often: a terminal is slow to scroll. */
#define PROGRESS_EVERY_MS	100

struct progress {
	pthread_mutex_t	 lock;
	double		 start;		/* ms, monotonic */
	double		 last;		/* last redraw */
	size_t		 shown;		/* highest count drawn */
	int		 visible;	/* a line is on the screen */
	int		 finished;	/* the last page was reported */
};

/* 1 when stderr is a terminal and CI is not set: show progress. */
int	progress_tty(void);
/* Start the clock. */
void	progress_init(struct progress *p);
/* A struct build_progress fn; arg is a struct progress. Thread-safe. */
void	progress_page(void *arg, size_t done, size_t total);
/* Erase the line if one is shown; p may be reused after progress_init. */
void	progress_clear(struct progress *p);

#endif
