#include "fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "util.h"

/* Append what is left of fd to out (NUL-terminated); 0 or -1. */
static int
read_fd(int fd, struct buf *out)
{
	struct stat st;
	size_t want;
	ssize_t n;
	int rc = 0;

	/* straight into out, sized by fstat: a build reads thousands of
	 * sources (stdio's buffer, its copy and its extra calls were a
	 * tenth of reading them) */
	want = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 ?
	    (size_t)st.st_size + 1 : 65536;
	for (;;) {
		buf_grow(out, want);
		n = read(fd, out->data + out->len, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->data[out->len] = '\0';
		/* a regular file read short of what was asked is at its end */
		if ((size_t)n < want && S_ISREG(st.st_mode))
			break;
		want = 65536;
	}
	if (out->data == NULL)
		buf_grow(out, 0), out->data[0] = '\0';
	return rc;
}

int
fs_read_file(const char *path, struct buf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc, err;

	if (fd < 0)
		return -1;
	rc = read_fd(fd, out);
	err = errno;
	close(fd);
	errno = err;
	return rc;
}

char *
fs_read_file_arena(int dirfd, const char *path, struct arena *a, size_t *len)
{
	struct stat st;
	struct buf more = BUF_INIT;
	size_t want, got = 0;
	ssize_t n = 0;
	char *s;
	int fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC), err;

	if (fd < 0)
		return NULL;
	/* one byte more than its size: a file that grew is read on (so is
	 * one that is not a regular file, from 64 KB) */
	want = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ?
	    (size_t)st.st_size + 1 : 65536;
	s = arena_alloc_raw(a, want + 1);
	while (got < want && (n = read(fd, s + got, want - got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	if (n > 0 && got == want) {
		/* it grew while read: the rest, then all of it once more */
		buf_append(&more, s, got);
		n = read_fd(fd, &more);
		s = arena_strndup(a, buf_cstr(&more), more.len);
		got = more.len;
		buf_free(&more);
	}
	err = errno;
	close(fd);
	if (n < 0) {
		errno = err;
		return NULL;
	}
	s[got] = '\0';
	*len = got;
	return s;
}

int
fs_map_file(const char *path, struct fs_map *m)
{
	struct stat st;
	void *p;
	int fd = open(path, O_RDONLY | O_CLOEXEC), err;

	m->data = NULL;
	m->len = 0;
	if (fd < 0)
		return -1;
	err = fstat(fd, &st) < 0 ? errno : S_ISREG(st.st_mode) ? 0 : EINVAL;
	if (err != 0) {
		close(fd);
		errno = err;
		return -1;
	}
	if (st.st_size > 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
		    0);
		if (p == MAP_FAILED) {
			err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		m->data = p;
		m->len = (size_t)st.st_size;
	}
	close(fd);
	return 0;
}

void
fs_unmap(struct fs_map *m)
{
	if (m->data != NULL)
		munmap((void *)m->data, m->len);
	m->data = NULL;
	m->len = 0;
}

/* Create path, and its parents only when it has none: one mkdir(2) for
 * a folder whose parent exists (a site's output creates thousands). */
int
fs_mkdir_p(const char *path)
{
	char *p, *s;
	size_t n;
	int rc;

	if (mkdir(path, 0755) == 0)
		return 0;
	if (errno == EEXIST) {
		if (fs_is_dir(path))
			return 0;
		errno = ENOTDIR;
		return -1;
	}
	if (errno != ENOENT)
		return -1;
	p = xstrdup(path);
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	if ((s = strrchr(p, '/')) == NULL || s == p) {
		free(p);
		errno = ENOENT;
		return -1;
	}
	*s = '\0';
	rc = fs_mkdir_p(p);
	free(p);
	if (rc < 0)
		return -1;
	if (mkdir(path, 0755) == 0 || (errno == EEXIST && fs_is_dir(path)))
		return 0;
	return -1;
}

static int
mkparent(const char *path)
{
	char *p = xstrdup(path), *s = strrchr(p, '/');
	int rc = 0;

	if (s != NULL && s != p) {
		*s = '\0';
		rc = fs_mkdir_p(p);
	}
	free(p);
	return rc;
}

int
fs_write_file(const char *path, const char *data, size_t len)
{
	FILE *f;
	int rc = -1;

	/* the folder usually exists: create it only when it does not */
	if ((f = fopen(path, "wb")) == NULL && (errno != ENOENT ||
	    mkparent(path) < 0 || (f = fopen(path, "wb")) == NULL))
		return -1;
	if (len && fwrite(data, 1, len, f) != len)
		goto out;
	if (fflush(f) != 0 || ferror(f))
		goto out;
	rc = 0;
out:
	if (fclose(f) != 0)
		rc = -1;
	return rc;
}

int
fs_copy_file(const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	int rc = -1;

	if (fs_read_file(from, &b) == 0)
		rc = fs_write_file(to, b.data, b.len);
	buf_free(&b);
	return rc;
}

int
fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int
fs_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int
fs_remove_tree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	if ((d = opendir(path)) == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char *sub;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		sub = fs_join(path, e->d_name);
		if (fs_remove_tree(sub) < 0)
			rc = -1;
		free(sub);
	}
	closedir(d);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

struct list {
	char	**v;
	size_t	 n, cap;
};

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directory nesting beyond this is a loop or a mistake. */
#define FS_MAX_DEPTH	32

/* A symbolic link must resolve inside within (a realpath), or it goes
 * to outside (not followed, not listed as a file). */
struct confine {
	const char	*within;
	struct list	*outside;
};

static void
list_push(struct list *l, char *r)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = r;
}

/* 1 if the link full resolves outside c->within (or not at all). */
static int
link_escapes(const struct confine *c, const char *full)
{
	char real[PATH_MAX];
	size_t n = strlen(c->within);

	if (realpath(full, real) == NULL)
		return 0;	/* dangling: skipped like before */
	if (strcmp(c->within, "/") == 0)
		return 0;
	return !(strncmp(real, c->within, n) == 0 &&
	    (real[n] == '\0' || real[n] == '/'));
}

static int
walk(const char *root, const char *rel, struct list *l, int depth,
    const struct confine *c)
{
	char *dir = rel[0] ? fs_join(root, rel) : xstrdup(root);
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > FS_MAX_DEPTH) {
		free(dir);
		errno = ELOOP;
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		char *r, *full;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		r = rel[0] ? fs_join(rel, e->d_name) : xstrdup(e->d_name);
		/* the entry's type as the folder gives it: no stat(2) for
		 * plain files and folders (a rebuild lists every file of
		 * the output) */
		if (e->d_type == DT_REG) {
			list_push(l, r);
			continue;
		}
		if (e->d_type == DT_DIR) {
			if (walk(root, r, l, depth + 1, c) < 0)
				rc = -1;
			free(r);
			continue;
		}
		full = fs_join(root, r);
		if (c != NULL && lstat(full, &st) == 0 && S_ISLNK(st.st_mode) &&
		    link_escapes(c, full)) {
			list_push(c->outside, r);
			free(full);
			continue;
		}
		if (stat(full, &st) < 0) {
			free(r);
			free(full);
			continue;	/* dangling symlink */
		}
		if (S_ISDIR(st.st_mode)) {
			if (walk(root, r, l, depth + 1, c) < 0)
				rc = -1;
			free(r);
		} else if (S_ISREG(st.st_mode)) {
			list_push(l, r);
		} else {
			free(r);
		}
		free(full);
	}
	closedir(d);
	free(dir);
	return rc;
}

int
fs_list_files(const char *root, char ***out, size_t *n)
{
	return fs_list_files_within(root, NULL, out, n, NULL, NULL);
}

int
fs_list_files_within(const char *root, const char *within, char ***out,
    size_t *n, char ***outside, size_t *noutside)
{
	struct list l = { NULL, 0, 0 }, o = { NULL, 0, 0 };
	struct confine c;
	char real[PATH_MAX];
	int rc = 0;

	c.outside = &o;
	c.within = within != NULL && realpath(within, real) != NULL ? real :
	    NULL;
	if (fs_is_dir(root))
		rc = walk(root, "", &l, 0, c.within != NULL ? &c : NULL);
	if (l.n)
		xqsort(l.v, l.n, sizeof(*l.v), cmpstr);
	if (o.n)
		xqsort(o.v, o.n, sizeof(*o.v), cmpstr);
	*out = l.v;
	*n = l.n;
	if (outside != NULL) {
		*outside = o.v;
		*noutside = o.n;
	} else {
		fs_list_free(o.v, o.n);
	}
	return rc;
}

void
fs_list_free(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

char *
fs_exe_dir(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	char *s;

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if ((s = strrchr(path, '/')) == NULL)
		return NULL;
	*s = '\0';
	return xstrdup(path[0] ? path : "/");
}

/* The identity is read once per process: several caches ask for it. */
static char exe_stamp[40];
static pthread_once_t exe_stamp_once = PTHREAD_ONCE_INIT;

static void
exe_stamp_read(void)
{
	struct fs_map m;

	/* the bytes, not the mtime: the same gongkai built again (in CI,
	 * every run) keeps its caches, a changed one never uses them */
	if (fs_map_file("/proc/self/exe", &m) == 0 && m.len > 0)
		snprintf(exe_stamp, sizeof(exe_stamp), "%zu-%016" PRIx64,
		    m.len, hash64(m.data, m.len));
	fs_unmap(&m);
}

int
fs_exe_stamp(char *out, size_t n)
{
	if (n == 0)
		return -1;
	pthread_once(&exe_stamp_once, exe_stamp_read);
	snprintf(out, n, "%s", exe_stamp);
	return exe_stamp[0] != '\0' ? 0 : -1;
}

int
fs_cache_write(const char *site_dir, const char *name, const char *data,
    size_t len)
{
	char *dir = fs_join(site_dir, ".gongkai"), *file, *tmp;
	int rc = -1;

	if (!fs_is_dir(dir)) {
		/* a cache folder made here is ignored by git */
		char *ign = fs_join(dir, ".gitignore");

		fs_write_file(ign, "*\n", 2);
		free(ign);
	}
	file = fs_join(dir, name);
	tmp = xmalloc(strlen(file) + 5);
	sprintf(tmp, "%s.tmp", file);
	if (fs_write_file(tmp, data, len) == 0 && rename(tmp, file) == 0)
		rc = 0;
	else
		unlink(tmp);
	free(tmp);
	free(file);
	free(dir);
	return rc;
}

char *
fs_join(const char *a, const char *b)
{
	size_t la = strlen(a);

	while (la > 1 && a[la - 1] == '/')
		la--;
	while (*b == '/')
		b++;
	char *p = xmalloc(la + strlen(b) + 2);
	memcpy(p, a, la);
	p[la] = '/';
	strcpy(p + la + 1, b);
	return p;
}

int
fs_resolve(const char *dir, const char *rel, size_t rel_len, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	size_t i = 0, start, seg;
	int rc = 0;

	buf_reset(out);
	if (rel_len > 0 && rel[0] == '/') {
		/* root-relative: ignore dir */
	} else {
		buf_puts(&tmp, dir);
	}
	if (tmp.len)
		buf_putc(&tmp, '/');
	buf_append(&tmp, rel, rel_len);
	/* fold segments of tmp into out */
	while (i < tmp.len) {
		while (i < tmp.len && tmp.data[i] == '/')
			i++;
		start = i;
		while (i < tmp.len && tmp.data[i] != '/')
			i++;
		seg = i - start;
		if (seg == 0 || (seg == 1 && tmp.data[start] == '.'))
			continue;
		if (seg == 2 && tmp.data[start] == '.' && tmp.data[start + 1] == '.') {
			char *slash;

			if (out->len == 0) {
				rc = -1;
				break;
			}
			slash = strrchr(out->data, '/');
			buf_truncate(out, slash ? (size_t)(slash - out->data) : 0);
			continue;
		}
		if (out->len)
			buf_putc(out, '/');
		buf_append(out, tmp.data + start, seg);
	}
	if (out->data == NULL)
		buf_grow(out, 0), out->data[0] = '\0';
	buf_free(&tmp);
	return rc;
}
