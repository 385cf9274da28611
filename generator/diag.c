#include "diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>

#include "buf.h"

/* Process-wide by nature: stderr is one stream. */
static pthread_mutex_t	diag_lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_size_t	n_errors, n_warnings;
static atomic_int	strict, quiet;
static _Thread_local int suspended;
static _Thread_local size_t t_errors, t_warnings;	/* this thread's */
static _Thread_local size_t t_said;	/* reported, printed or not */
static _Thread_local struct buf *sink;
static struct buf	*tee;		/* guarded by diag_lock */

/* The one place text reaches stderr: also recorded in the tee, quiet or
 * not. */
static void
out(const char *text, size_t len)
{
	pthread_mutex_lock(&diag_lock);
	if (tee != NULL)
		buf_append(tee, text, len);
	if (!atomic_load(&quiet))
		fwrite(text, 1, len, stderr);
	pthread_mutex_unlock(&diag_lock);
}

static void
emit(const char *kind, const char *path, int line, int col,
    const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	buf_printf(&b, "%s:%d:%d: %s: ", path ? path : "gongkai",
	    line > 0 ? line : 1, col > 0 ? col : 1, kind);
	buf_vprintf(&b, fmt, ap);
	buf_putc(&b, '\n');
	if (sink != NULL)
		buf_append(sink, b.data, b.len);
	else
		out(b.data, b.len);
	buf_free(&b);
}

/* Count and print one message: an error, or a warning (an error under
 * --strict). */
static void
report(int error, const char *path, int line, int col, const char *fmt,
    va_list ap)
{
	t_said++;
	if (suspended)
		return;
	error = error || atomic_load(&strict);
	atomic_fetch_add(error ? &n_errors : &n_warnings, 1);
	if (error)
		t_errors++;
	else
		t_warnings++;
	emit(error ? "error" : "warning", path, line, col, fmt, ap);
}

void
diag_error(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(1, path, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warning(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(0, path, line, col, fmt, ap);
	va_end(ap);
}

void
diag_strict(const char *path, int line, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(0, path, line, col, fmt, ap);
	va_end(ap);
}

void
diag_thread_counts(size_t *errors, size_t *warnings)
{
	*errors = t_errors;
	*warnings = t_warnings;
}

size_t
diag_thread_said(void)
{
	return t_said;
}

void
diag_replay(const char *text, size_t len, size_t errors, size_t warnings)
{
	if (suspended)
		return;
	atomic_fetch_add(&n_errors, errors);
	atomic_fetch_add(&n_warnings, warnings);
	t_errors += errors;
	t_warnings += warnings;
	diag_write(text, len);
}

void
diag_set_strict(int on)
{
	atomic_store(&strict, on);
}

int
diag_is_strict(void)
{
	return atomic_load(&strict);
}

void
diag_suspend(void)
{
	suspended++;
}

int
diag_is_suspended(void)
{
	return suspended > 0;
}

struct buf *
diag_capture(struct buf *s)
{
	struct buf *was = sink;

	sink = s;
	return was;
}

void
diag_resume(void)
{
	if (suspended > 0)
		suspended--;
}

void
diag_write(const char *text, size_t len)
{
	if (len == 0)
		return;
	if (sink != NULL) {
		buf_append(sink, text, len);
		return;
	}
	out(text, len);
}

void
diag_tee(struct buf *b)
{
	pthread_mutex_lock(&diag_lock);
	tee = b;
	pthread_mutex_unlock(&diag_lock);
}

void
diag_set_quiet(int on)
{
	atomic_store(&quiet, on);
}

size_t
diag_errors(void)
{
	return atomic_load(&n_errors);
}

size_t
diag_warnings(void)
{
	return atomic_load(&n_warnings);
}

void
diag_reset(void)
{
	atomic_store(&n_errors, 0);
	atomic_store(&n_warnings, 0);
}

void
diag_position(const char *text, size_t off, int *line, int *col)
{
	int l = 1, c = 1;
	size_t i;

	for (i = 0; i < off && text[i] != '\0'; i++) {
		if (text[i] == '\n') {
			l++;
			c = 1;
		} else if (((unsigned char)text[i] & 0xC0) != 0x80) {
			c++;
		}
	}
	*line = l;
	*col = c;
}
