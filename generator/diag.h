#ifndef GONGKAI_DIAG_H
#define GONGKAI_DIAG_H
/*
 * diag: diagnostics for problems in user input.
 *
 * Prints "path:line:col: error: message" (or "warning:") to stderr, one
 * line per call, and counts them. Thread-safe: lines never interleave.
 * line and col are 1-based; 0 means unknown and is printed as 1 so every
 * message keeps the same shape for editors and CI annotations.
 * Messages are written for agency editors: Chinese first, with a short
 * English gloss in parentheses where it helps a webmaster search.
 */
#include <stddef.h>

struct buf;

void	diag_error(const char *path, int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* A warning; under diag_set_strict(1) (--strict) every warning is
 * printed and counted as an error instead (issue 5: "--strict turns
 * warnings into errors"). */
void	diag_warning(const char *path, int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));
/* The same as diag_warning. It was once the only warning that --strict
 * turned into an error; kept so callers that say so explicitly read
 * well. */
void	diag_strict(const char *path, int line, int col, const char *fmt, ...)
	    __attribute__((format(printf, 4, 5)));

void	diag_set_strict(int on);
int	diag_is_strict(void);
/*
 * Between diag_suspend() and diag_resume() (nestable, per thread) nothing
 * is printed or counted: for rendering old revisions, whose problems are
 * history rather than errors of today's build.
 */
void	diag_suspend(void);
/* Whether this thread is between diag_suspend and diag_resume. */
int	diag_is_suspended(void);
/* Send this thread's messages to sink instead of stderr (NULL: back to
 * stderr). Counting is unchanged. For pool.c's ordered output and serve's
 * error page. Returns the sink it replaces, to be put back. */
struct buf *diag_capture(struct buf *sink);
void	diag_resume(void);
/* Write lines captured earlier (pool.c's per-item buffers) where this
 * thread's messages go now: its capture sink, else stderr. */
void	diag_write(const char *text, size_t len);
/* Also append every line that reaches stderr (or would, when quiet) to b
 * (NULL: stop). For build.c's stamp, which replays a skipped build's
 * warnings. */
void	diag_tee(struct buf *b);
/* The errors and warnings this thread has reported (counted as
 * diag_errors does): a caller that keeps a step's messages (a cache) reads
 * them before and after the step. */
void	diag_thread_counts(size_t *errors, size_t *warnings);
/* The messages this thread has reported, counted or not (also between
 * diag_suspend and diag_resume): a cache that keeps only what a step
 * said nothing about compares it before and after the step. */
size_t	diag_thread_said(void);
/* Messages kept from an earlier build: written as diag_write does and
 * counted as the errors and warnings they were. */
void	diag_replay(const char *text, size_t len, size_t errors,
	    size_t warnings);
/* Silence output (counting continues); for tests and `gongkai check -q`. */
void	diag_set_quiet(int on);
/* Errors (and warnings) reported since the last diag_reset(). */
size_t	diag_errors(void);
size_t	diag_warnings(void);
void	diag_reset(void);

/* Convert a byte offset in text to 1-based line and column (column counts
 * UTF-8 characters, as editors do). */
void	diag_position(const char *text, size_t off, int *line, int *col);

#endif
