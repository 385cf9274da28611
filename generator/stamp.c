/*
 * stamp: skip a build whose inputs did not change (stamp.h).
 *
 * The file is text, one record per line, paths last:
 *
 *   gongkai-build-stamp 1
 *   key KEY
 *   summary PAGES FILES WARNINGS DIAGBYTES
 *   i TYPE MTIME_NS SIZE INODE PATH     an input: f file, d folder, - none
 *   o MTIME_NS SIZE REL                 an output file (REL under out_dir),
 *                                       or folder (REL ending in '/',
 *                                       SIZE 0; the output is "./")
 *   d                                   then DIAGBYTES of messages
 */
#include "stamp.h"

#include <sys/stat.h>

#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fs.h"
#include "util.h"

#define STAMP_FILE	"build.stamp"
#define STAMP_MAGIC	"gongkai-build-stamp 1"

static long long
mtime_ns(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL +
	    st->st_mtim.tv_nsec;
}

static char
type_of(const struct stat *st)
{
	return S_ISDIR(st->st_mode) ? 'd' : 'f';
}

/* ------------------------------------------------------------------ */
/* Recording                                                           */
/* ------------------------------------------------------------------ */

struct rec {
	struct buf	*b;
	long long	 since;		/* newer inputs: do not save */
	int		 bad;
};

static void
record(struct rec *r, const char *name, const struct stat *st)
{
	if (strchr(name, '\n') != NULL) {
		r->bad = 1;
		return;
	}
	if (st == NULL) {
		buf_printf(r->b, "i - 0 0 0 %s\n", name);
		return;
	}
	if (mtime_ns(st) >= r->since)
		r->bad = 1;
	buf_putc(r->b, 'i');
	buf_putc(r->b, ' ');
	buf_putc(r->b, type_of(st));
	buf_putc(r->b, ' ');
	buf_put_i64(r->b, mtime_ns(st));
	buf_putc(r->b, ' ');
	buf_put_i64(r->b, (long long)st->st_size);
	buf_putc(r->b, ' ');
	buf_put_u64(r->b, (unsigned long long)st->st_ino);
	buf_putc(r->b, ' ');
	buf_puts(r->b, name);
	buf_putc(r->b, '\n');
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_at(struct rec *, const char *, const struct stat *, int);

/* The entries of the input folder path (sorted, hidden names skipped),
 * each stat(2)ed relative to the open folder: no path is looked up
 * whole. */
static void
walk_dir(struct rec *r, const char *path, int depth)
{
	DIR *d;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (depth > 64 || (d = opendir(path)) == NULL) {
		r->bad = 1;
		return;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xstrdup(e->d_name);
	}
	xqsort(names, n, sizeof(*names), cmpstr);
	for (i = 0; i < n; i++) {
		char *p = fs_join(path, names[i]);
		struct stat st;

		if (fstatat(dirfd(d), names[i], &st, 0) == 0)
			walk_at(r, p, &st, depth + 1);
		else
			record(r, p, NULL);
		free(p);
		free(names[i]);
	}
	closedir(d);
	free(names);
}

/* An input with its stat: recorded, and a folder walked. */
static void
walk_at(struct rec *r, const char *path, const struct stat *st, int depth)
{
	record(r, path, st);
	if (S_ISDIR(st->st_mode))
		walk_dir(r, path, depth);
}

/* The input path and everything under it (a missing one recorded as
 * missing). */
static void
walk(struct rec *r, const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		record(r, path, NULL);
	else
		walk_at(r, path, &st, 0);
}

/* The output files, as the build left them (write.h: their metadata
 * was read while they were kept or after they were written). */
static void
record_outputs(struct rec *r, const struct out_file *outs, size_t nouts)
{
	size_t i;

	for (i = 0; i < nouts && !r->bad; i++) {
		if (outs[i].mtime < 0 || strchr(outs[i].path, '\n') != NULL)
			r->bad = 1;	/* not what the build left */
		else {
			buf_append(r->b, "o ", 2);
			buf_put_i64(r->b, outs[i].mtime);
			buf_putc(r->b, ' ');
			buf_put_u64(r->b, outs[i].len);
			buf_putc(r->b, ' ');
			buf_puts(r->b, outs[i].path);
			buf_putc(r->b, '\n');
		}
	}
}

struct stamp_inputs {
	struct buf	b;		/* the "i" lines */
	int		bad;		/* newer than the build, or unreadable */
};

struct stamp_inputs *
stamp_walk(const char *const *roots, size_t nroots, long long since_ns)
{
	struct stamp_inputs *in = xcalloc(1, sizeof(*in));
	struct rec r = { &in->b, since_ns, 0 };
	size_t i;

	for (i = 0; i < nroots && !r.bad; i++)
		walk(&r, roots[i]);
	in->bad = r.bad;
	return in;
}

void
stamp_inputs_free(struct stamp_inputs *in)
{
	if (in == NULL)
		return;
	buf_free(&in->b);
	free(in);
}

void
stamp_save(const char *site_dir, const char *key,
    const struct stamp_inputs *in, const struct out_file *outs, size_t nouts,
    const struct stamp_summary *sum)
{
	struct buf b = BUF_INIT;
	struct rec r = { &b, 0, 0 };

	if (strchr(key, '\n') != NULL || in == NULL || in->bad)
		r.bad = 1;
	buf_printf(&b, "%s\nkey %s\nsummary %zu %zu %zu %zu\n", STAMP_MAGIC,
	    key, sum->pages, sum->files, sum->warnings, sum->diag.len);
	if (!r.bad && in->b.len > 0)
		buf_append(&b, in->b.data, in->b.len);
	if (!r.bad)
		record_outputs(&r, outs, nouts);
	if (r.bad) {
		stamp_remove(site_dir);
		buf_free(&b);
		return;
	}
	buf_puts(&b, "d\n");
	buf_append(&b, sum->diag.data, sum->diag.len);
	if (fs_cache_write(site_dir, STAMP_FILE, b.data, b.len) < 0)
		stamp_remove(site_dir);
	buf_free(&b);
}

uint64_t
stamp_digest(const char *key, const char *const *roots, size_t nroots)
{
	struct stamp_inputs *in = stamp_walk(roots, nroots, LLONG_MAX);
	struct buf b = BUF_INIT;
	uint64_t h;

	buf_printf(&b, "%s\n", key);
	if (in->b.len > 0)
		buf_append(&b, in->b.data, in->b.len);
	/* an unreadable folder or a name with a newline: unknown */
	h = in->bad ? 0 : hash64(b.data, b.len);
	buf_free(&b);
	stamp_inputs_free(in);
	return h;
}

void
stamp_remove(const char *site_dir)
{
	char *dir = fs_join(site_dir, ".gongkai");
	char *file = fs_join(dir, STAMP_FILE);

	unlink(file);
	free(file);
	free(dir);
}

/* ------------------------------------------------------------------ */
/* Checking                                                            */
/* ------------------------------------------------------------------ */

int
stamp_key_same(const char *site_dir, const char *key)
{
	char *dir = fs_join(site_dir, ".gongkai");
	char *file = fs_join(dir, STAMP_FILE);
	FILE *f = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int same = 0;

	free(file);
	free(dir);
	if (f == NULL)
		return 0;
	/* the magic, then the key */
	if ((n = getline(&line, &cap, f)) > 0 &&
	    (n = getline(&line, &cap, f)) > 0 && line[n - 1] == '\n') {
		line[n - 1] = '\0';
		same = strncmp(line, "key ", 4) == 0 &&
		    strcmp(line + 4, key) == 0;
	}
	free(line);
	fclose(f);
	return same;
}

/* The next space-separated field of *s as a number; -1 if malformed. */
static int
field(char **s, long long *v)
{
	char *end;

	*v = strtoll(*s, &end, 10);
	if (end == *s || *end != ' ')
		return -1;
	*s = end + 1;
	return 0;
}

/* 1 when the input line (after "i ") still describes its path. */
static int
input_same(char *s)
{
	struct stat st;
	long long t, size, ino;
	char type = s[0];

	if (s[1] != ' ')
		return 0;
	s += 2;
	if (field(&s, &t) < 0 || field(&s, &size) < 0 || field(&s, &ino) < 0)
		return 0;
	if (stat(s, &st) < 0)
		return type == '-';
	return type == type_of(&st) && t == mtime_ns(&st) &&
	    (type == 'd' || size == (long long)st.st_size) &&
	    ino == (long long)st.st_ino;
}

/* 1 when the output line (after "o ") still describes its file. Folders
 * (ending in '/') are not looked at: a file someone added is left alone
 * until a build runs (and removes it: write.h). */
static int
output_same(const char *out_dir, char *s, struct buf *path)
{
	struct stat st;
	long long t, size;

	if (field(&s, &t) < 0 || field(&s, &size) < 0)
		return 0;
	if (s[0] != '\0' && s[strlen(s) - 1] == '/')
		return 1;
	buf_reset(path);
	buf_printf(path, "%s/%s", out_dir, s);
	return stat(buf_cstr(path), &st) == 0 && S_ISREG(st.st_mode) &&
	    t == mtime_ns(&st) && size == (long long)st.st_size;
}

/* Add the output line (after "o ") to outs; -1 if malformed. */
static int
output_add(char *s, struct out_file **outs, size_t *n, size_t *cap)
{
	long long t, size;

	if (field(&s, &t) < 0 || field(&s, &size) < 0 || t < 0 || size < 0 ||
	    s[0] == '\0')
		return -1;
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*outs = xrealloc(*outs, *cap * sizeof(**outs));
	}
	(*outs)[*n].path = xstrdup(s);
	(*outs)[*n].len = (size_t)size;
	(*outs)[(*n)++].mtime = t;
	return 0;
}

int
stamp_fresh(const char *site_dir, const char *key, const char *out_dir,
    struct stamp_summary *sum, struct out_file **outs, size_t *nouts)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	char *dir = fs_join(site_dir, ".gongkai");
	char *file = fs_join(dir, STAMP_FILE);
	char *line, *next, *end, *first_o = NULL, *last_o = NULL;
	size_t diaglen = 0, lines = 0, n = 0, cap = 0;
	struct out_file *rec = NULL;
	int fresh = 0, keyed = 0, stale = 0, k;

	memset(sum, 0, sizeof(*sum));
	free(dir);
	if (fs_read_file(file, &text) < 0 || text.len == 0)
		goto out;
	end = text.data + text.len;
	/* once stale, read on (without a stat) when the record is wanted */
	for (line = text.data; line < end; line = next + 1) {
		if ((next = memchr(line, '\n', (size_t)(end - line))) == NULL)
			goto out;
		*next = '\0';
		if (stale && outs == NULL)
			goto out;
		if (lines++ == 0) {
			if (strcmp(line, STAMP_MAGIC) != 0)
				goto out;
		} else if (strncmp(line, "key ", 4) == 0) {
			stale |= key != NULL && strcmp(line + 4, key) != 0;
			keyed = 1;
		} else if (strncmp(line, "summary ", 8) == 0) {
			if (sscanf(line + 8, "%zu %zu %zu %zu%n", &sum->pages,
			    &sum->files, &sum->warnings, &diaglen, &k) != 4)
				goto out;
		} else if (strncmp(line, "i ", 2) == 0) {
			stale = stale || !input_same(line + 2);
		} else if (strncmp(line, "o ", 2) == 0) {
			if (first_o == NULL)
				first_o = line;
			stale = stale || !output_same(out_dir, line + 2, &path);
		} else if (strcmp(line, "d") == 0) {
			last_o = line;
			if ((size_t)(end - next - 1) != diaglen || !keyed || stale)
				goto out;
			buf_append(&sum->diag, next + 1, diaglen);
			fresh = 1;
			break;
		} else
			goto out;
	}
out:
	if (!fresh)
		buf_free(&sum->diag);
	if (outs != NULL) {
		/* the record, as written: sorted by path (write_produced_files);
		 * the lines read are NUL-terminated now */
		for (line = first_o; !fresh && line != NULL && line < last_o;
		    line += strlen(line) + 1)
			if (strncmp(line, "o ", 2) == 0 &&
			    output_add(line + 2, &rec, &n, &cap) < 0)
				break;
		if (!fresh && last_o != NULL && line == last_o) {
			*outs = rec;
			*nouts = n;
			rec = NULL;
		} else {
			*outs = NULL;
			*nouts = 0;
		}
		write_files_free(rec, n);
	}
	buf_free(&text);
	buf_free(&path);
	free(file);
	return fresh;
}
