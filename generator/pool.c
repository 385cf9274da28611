#include "pool.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#endif

#include "buf.h"
#include "diag.h"
#include "util.h"

/* More threads than this buys nothing for a static site. */
#define POOL_MAX_THREADS	64

struct pool {
	size_t		 n;
	atomic_size_t	 next;
	const size_t	*order;		/* NULL: 0, 1, ... */
	pool_fn		 fn;
	void		*ctx;
	struct buf	*diags;		/* one per item */
};

struct worker {
	struct pool	*p;
	int		 id;
};

int
pool_default_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > POOL_MAX_THREADS ? POOL_MAX_THREADS : (int)n;
}

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->p;
	struct buf *was = NULL;
	size_t i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
		if (p->order != NULL)
			i = p->order[i];
		was = diag_capture(&p->diags[i]);
		p->fn(p->ctx, i, w->id);
		diag_capture(was);	/* the caller's own capture, if any */
	}
	return NULL;
}

void
pool_for(size_t n, int threads, pool_fn fn, void *ctx)
{
	pool_for_order(n, threads, NULL, fn, ctx);
}

void
pool_for_order(size_t n, int threads, const size_t *order, pool_fn fn,
    void *ctx)
{
	struct pool p;
	struct worker w[POOL_MAX_THREADS];
	pthread_t t[POOL_MAX_THREADS];
	int k, started = 0;
	size_t i;

	if (n == 0)
		return;
	if (threads < 1)
		threads = pool_default_threads();
	if (threads > POOL_MAX_THREADS)
		threads = POOL_MAX_THREADS;
	if ((size_t)threads > n)
		threads = (int)n;
	p.n = n;
	atomic_init(&p.next, 0);
	p.order = order;
	p.fn = fn;
	p.ctx = ctx;
	p.diags = xcalloc(n, sizeof(*p.diags));
	for (k = 0; k < threads; k++) {
		w[k].p = &p;
		w[k].id = k;
	}
	for (k = 1; k < threads; k++) {
		if (pthread_create(&t[k], NULL, work, &w[k]) != 0)
			break;	/* fewer threads: the others do the work */
		started = k;
	}
	work(&w[0]);
	for (k = 1; k <= started; k++)
		pthread_join(t[k], NULL);
	/* through diag, so a caller's own capture (serve's error page)
	 * receives them too */
	for (i = 0; i < n; i++) {
		diag_write(p.diags[i].data, p.diags[i].len);
		buf_free(&p.diags[i]);
	}
	free(p.diags);
}

void
pool_task_start(struct pool_task *k, void *(*fn)(void *), void *arg)
{
	k->started = 1;
	k->running = pthread_create(&k->thread, NULL, fn, arg) == 0;
	if (!k->running)
		fn(arg);
}

void
pool_task_join(struct pool_task *k)
{
	if (k->running)
		pthread_join(k->thread, NULL);
	k->running = 0;
}

void
pool_background(int level)
{
#ifdef __linux__
	/* setpriority(2) on a thread id sets that thread's nice value */
	setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), level);
#else
	(void)level;
#endif
}
