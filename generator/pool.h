#ifndef GONGKAI_POOL_H
#define GONGKAI_POOL_H
/*
 * pool: run fn(ctx, i, worker) for every i in [0, n) on `threads` threads
 * (the calling thread is one of them), and wait for all. Items are handed
 * out one at a time, so uneven pages balance themselves; `worker` (0 ..
 * threads-1) lets fn use per-thread scratch (an arena, a buffer).
 *
 * Diagnostics stay in a deterministic order whatever the thread count:
 * each item's diag output is captured and printed in item order once all
 * items are done.
 */
#include <pthread.h>
#include <stddef.h>

typedef void (*pool_fn)(void *ctx, size_t i, int worker);

/* The number of threads to use for -j 0 (the core count). */
int	pool_default_threads(void);
void	pool_for(size_t n, int threads, pool_fn fn, void *ctx);
/* As pool_for, handing the items out in the order order[0..n) (a
 * permutation of 0 .. n-1; NULL: 0, 1, ...): the longest first, so that
 * none is left running alone at the end. fn still gets the item, and the
 * diagnostics still come in item order. */
void	pool_for_order(size_t n, int threads, const size_t *order, pool_fn fn,
	    void *ctx);

/* One function on a thread of its own, beside the caller: pool_task_start
 * runs fn(arg) there (on the calling thread, before returning, when no
 * thread can be made) and pool_task_join waits for it (nothing when it
 * was not started). A zeroed task is not started. */
struct pool_task {
	pthread_t	 thread;
	int		 started, running;
};
void	pool_task_start(struct pool_task *k, void *(*fn)(void *), void *arg);
void	pool_task_join(struct pool_task *k);

/* Lower the calling thread's priority by level (nice(2) levels, 1..19;
 * Linux only, else nothing): work whose result is wanted later then takes
 * the time the other threads leave. Threads it creates inherit it. */
void	pool_background(int level);

#endif
