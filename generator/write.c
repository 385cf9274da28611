#include "write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "outpath.h"
#include "util.h"

static void
push(char ***v, size_t *n, size_t *cap, const char *s)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = xstrdup(s);
}

static void
free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* A file this build produced; st: the published file left as it was
 * (NULL: written, its metadata read after the commit). Caller holds
 * o->lock. */
static void
push_produced(struct output *o, const char *rel, size_t len,
    const struct stat *st)
{
	struct out_file *f;

	if (o->nproduced == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 256;
		o->produced = xrealloc(o->produced, o->cap * sizeof(*f));
	}
	f = &o->produced[o->nproduced++];
	f->path = xstrdup(rel);
	f->len = len;
	f->mtime = st == NULL ? -1 : (long long)st->st_mtim.tv_sec *
	    1000000000LL + st->st_mtim.tv_nsec;
}

static void *
lister(void *arg)
{
	struct output *o = arg;

	o->listed = fs_list_files(o->final, &o->old, &o->nold);
	return NULL;
}

void
write_prefetch(struct output *o)
{
	if (o->tmp != NULL && o->incremental && !o->listing)
		o->listing = pthread_create(&o->lister, NULL, lister, o) == 0;
}

/* The published files (sorted), listed now or by write_prefetch. */
static int
published(struct output *o, char ***old, size_t *nold)
{
	int rc;

	if (!o->listing)
		return fs_list_files(o->final, old, nold);
	pthread_join(o->lister, NULL);
	o->listing = 0;
	*old = o->old;
	*nold = o->nold;
	rc = o->listed;
	o->old = NULL;
	o->nold = 0;
	return rc;
}

static void
finish(struct output *o)
{
	if (o->listing) {
		pthread_join(o->lister, NULL);
		o->listing = 0;
	}
	fs_list_free(o->old, o->nold);
	o->old = NULL;
	o->nold = 0;
	free(o->tmp);
	free(o->final);
	o->tmp = o->final = NULL;
	write_files_free(o->produced, o->nproduced);
	free_list(o->staged, o->nstaged);
	o->produced = NULL;
	o->staged = NULL;
	o->nproduced = o->nstaged = 0;
	pthread_mutex_destroy(&o->lock);
}

/* 1 if path is missing, not a folder (write_commit reports that) or a
 * folder with nothing in it. */
static int
dir_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;

	if (d == NULL)
		return 1;
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

int
write_begin(struct output *o, const char *out_dir)
{
	char *parent, *slash, *tmpl, *marker;
	size_t n;

	memset(o, 0, sizeof(*o));
	pthread_mutex_init(&o->lock, NULL);
	if (out_dir == NULL)
		return 0;
	o->final = xstrdup(out_dir);
	n = strlen(o->final);
	while (n > 1 && o->final[n - 1] == '/')
		o->final[--n] = '\0';
	marker = fs_join(o->final, WRITE_MARKER);
	o->incremental = fs_is_file(marker);
	free(marker);
	/* a folder with files that no build of ours made is not ours to
	 * replace: `--out ~/文件` must not delete anyone's documents */
	if (!o->incremental && !dir_empty(o->final)) {
		fprintf(stderr, "%s: error: 輸出資料夾已有其他檔案，且不是 gongkai "
		    "建置的輸出（沒有 %s）；為免刪除其中的檔案，請指定新的或空的"
		    "資料夾 (output folder is not empty and not a gongkai output: "
		    "refusing to replace it)\n", o->final, WRITE_MARKER);
		finish(o);
		return -1;
	}
	parent = xstrdup(o->final);
	slash = strrchr(parent, '/');
	if (slash == NULL) {
		free(parent);
		parent = xstrdup(".");
	} else if (slash == parent) {
		slash[1] = '\0';
	} else {
		*slash = '\0';
	}
	if (fs_mkdir_p(parent) < 0) {
		fprintf(stderr, "%s: error: 無法建立輸出資料夾 (cannot create "
		    "output folder): %s\n", parent, strerror(errno));
		free(parent);
		finish(o);
		return -1;
	}
	/* beside the output, so rename() never crosses file systems */
	tmpl = fs_join(parent, ".gongkai-out-XXXXXX");
	free(parent);
	if (mkdtemp(tmpl) == NULL) {
		fprintf(stderr, "%s: error: 無法建立暫存資料夾 (cannot create "
		    "temporary folder): %s\n", o->final, strerror(errno));
		free(tmpl);
		finish(o);
		return -1;
	}
	o->tmp = tmpl;
	return 0;
}

/* 1 if the published file at path (checked by output_path_ok: no link on
 * the way) holds exactly data[0..len). */
static int
same_as_published(const char *path, const char *data, size_t len,
    struct stat *st)
{
	char chunk[65536];
	size_t at = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC), same = 0;

	if (fd < 0)
		return 0;
	/* compared a chunk at a time as it is read: a rebuild compares
	 * every page and nothing of it needs keeping */
	if (fstat(fd, st) == 0 && S_ISREG(st->st_mode) &&
	    (size_t)st->st_size == len) {
		same = 1;
		while (same && (n = read(fd, chunk, sizeof(chunk))) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0 || (size_t)n > len - at ||
			    memcmp(chunk, data + at, (size_t)n) != 0)
				same = 0;
			else
				at += (size_t)n;
		}
		same = same && at == len;
	}
	close(fd);
	return same;
}

/* rel must stay under the output folder, and a rebuild must not write
 * through a symbolic link someone left in the published folder: either is
 * an error of the build (reported once per path), so nothing is written.
 * *path gets final/rel (caller frees; also on failure). */
static int
output_path_ok(struct output *o, const char *rel, char **path)
{
	int rc = outpath_join(o->final, rel, o->incremental, path);

	if (rc == OUTPATH_BAD)
		diag_error(o->final, 1, 1, "輸出路徑「%s」不在輸出資料夾之內，"
		    "拒絕寫出 (output path escapes the output folder)", rel);
	else if (rc == OUTPATH_LINK)
		diag_error(*path, 1, 1, "輸出資料夾中的這個項目是符號連結，gongkai "
		    "不會經由它寫出；請刪除它 (a symbolic link in the output "
		    "folder; refusing to write through it)");
	return rc == 0;
}

void
write_file(struct output *o, const char *rel, const char *data, size_t len)
{
	struct stat st;
	char *path;
	int keep;

	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, len);
	if (o->tmp == NULL)
		return;
	if (!output_path_ok(o, rel, &path)) {
		free(path);
		return;
	}
	keep = o->incremental && same_as_published(path, data, len, &st);
	free(path);
	pthread_mutex_lock(&o->lock);
	push_produced(o, rel, len, keep ? &st : NULL);
	if (!keep)
		push(&o->staged, &o->nstaged, &o->scap, rel);
	pthread_mutex_unlock(&o->lock);
	if (keep)
		return;
	atomic_fetch_add(&o->changed, 1);
	outpath_join(o->tmp, rel, 0, &path);	/* checked above */
	if (fs_write_file(path, data, len) < 0)
		die("無法寫入 (cannot write) %s: %s", path, strerror(errno));
	free(path);
}

int
write_keep(struct output *o, const char *rel, size_t len, long long mtime_ns)
{
	struct stat st;
	char *path;
	int keep;

	if (o->tmp == NULL || !o->incremental)
		return 0;
	if (outpath_join(o->final, rel, 1, &path) != 0) {
		free(path);
		return 0;	/* write_file reports it */
	}
	keep = lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len &&
	    (long long)st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec ==
	    mtime_ns;
	free(path);
	if (!keep)
		return 0;
	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, len);
	pthread_mutex_lock(&o->lock);
	push_produced(o, rel, len, &st);
	pthread_mutex_unlock(&o->lock);
	return 1;
}

void
write_copy(struct output *o, const char *rel, const char *src)
{
	struct buf b = BUF_INIT;

	if (o->tmp == NULL) {
		atomic_fetch_add(&o->files, 1);
		return;
	}
	if (fs_read_file(src, &b) < 0)
		die("無法讀取 (cannot read) %s: %s", src, strerror(errno));
	write_file(o, rel, buf_cstr(&b), b.len);
	buf_free(&b);
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct out_file *)a)->path,
	    ((const struct out_file *)b)->path);
}

struct out_file *
write_produced_files(struct output *o, size_t *n)
{
	struct out_file *v;
	size_t i;

	pthread_mutex_lock(&o->lock);
	v = xcalloc(o->nproduced + 1, sizeof(*v));
	for (i = 0; i < o->nproduced; i++) {
		v[i] = o->produced[i];
		v[i].path = xstrdup(o->produced[i].path);
	}
	*n = o->nproduced;
	pthread_mutex_unlock(&o->lock);
	xqsort(v, *n, sizeof(*v), cmp_file);
	return v;
}

void
write_files_stat(const char *out_dir, struct out_file *f, size_t n)
{
	int dfd = -2;
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].mtime >= 0)
			continue;
		if (dfd == -2)
			dfd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0 && fstatat(dfd, f[i].path, &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)) {
			f[i].len = (size_t)st.st_size;
			f[i].mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
			    st.st_mtim.tv_nsec;
		}
	}
	if (dfd >= 0)
		close(dfd);
}

void
write_files_free(struct out_file *f, size_t n)
{
	size_t i;

	for (i = 0; f != NULL && i < n; i++)
		free(f[i].path);
	free(f);
}

const struct out_file *
write_files_find(const struct out_file *f, size_t n, const char *path)
{
	size_t lo = 0, hi = n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(f[mid].path, path)) == 0)
			return &f[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Remove folders under root (not root) that became empty; deepest first. */
static void
prune_empty(const char *root, const char *rel)
{
	char *dir = xstrdup(rel), *slash;

	while ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		char *full = fs_join(root, dir);
		int gone = rmdir(full) == 0;
		free(full);
		if (!gone)
			break;
	}
	free(dir);
}

/* Rebuild: staged files into place, stale files out. */
static int
commit_incremental(struct output *o)
{
	char **old = NULL;
	size_t nold = 0, i, k;
	int rc = 0;

	for (i = 0; i < o->nstaged; i++) {
		char *from, *to, *dir, *slash;

		/* checked in write_file; checked again, the folder may have
		 * changed while the site rendered */
		outpath_join(o->tmp, o->staged[i], 0, &from);
		if (outpath_join(o->final, o->staged[i], 1, &to) < 0) {
			free(from);
			free(to);
			errno = ELOOP;
			return -1;
		}
		dir = xstrdup(to);
		slash = strrchr(dir, '/');

		if (slash != NULL) {
			*slash = '\0';
			if (!fs_is_dir(dir))
				fs_remove_tree(dir);	/* a file where a folder goes */
			fs_mkdir_p(dir);
		}
		if (fs_is_dir(to))
			fs_remove_tree(to);	/* a folder where a file goes */
		if (rename(from, to) < 0)
			rc = -1;
		free(dir);
		free(from);
		free(to);
		if (rc < 0)
			return -1;
	}
	/* what the previous build made and this one did not */
	if (published(o, &old, &nold) < 0) {
		fs_list_free(old, nold);
		return -1;
	}
	xqsort(o->produced, o->nproduced, sizeof(*o->produced), cmp_file);
	for (i = 0, k = 0; i < nold; i++) {
		while (k < o->nproduced &&
		    strcmp(o->produced[k].path, old[i]) < 0)
			k++;
		if (k < o->nproduced && strcmp(o->produced[k].path, old[i]) == 0)
			continue;
		/* never through a link: the listing follows links, and what
		 * lies behind one is not ours to delete */
		char *path;
		if (outpath_join(o->final, old[i], 1, &path) == 0) {
			unlink(path);
			prune_empty(o->final, old[i]);
		}
		free(path);
	}
	fs_list_free(old, nold);
	return rc;
}

int
write_commit(struct output *o)
{
	int rc = -1;
	char *marker;

	if (o->tmp == NULL) {
		finish(o);
		return 0;
	}
	if (o->incremental) {
		rc = commit_incremental(o);
		fs_remove_tree(o->tmp);
		goto out;
	}
	marker = fs_join(o->tmp, WRITE_MARKER);
	if (fs_write_file(marker, "gongkai\n", 8) < 0) {
		free(marker);
		goto out;
	}
	free(marker);
	if (chmod(o->tmp, 0755) < 0)
		goto out;
	if (fs_is_dir(o->final)) {
		/* swap in one step: readers never see a missing site */
		if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final,
		    RENAME_EXCHANGE) == 0) {
			fs_remove_tree(o->tmp);	/* now holds the old site */
			rc = 0;
			goto out;
		}
		if (errno != EINVAL && errno != ENOSYS)
			goto out;
		/* file system without RENAME_EXCHANGE: two renames */
		char *old = fs_join(o->tmp, "../.gongkai-old");
		fs_remove_tree(old);
		if (rename(o->final, old) < 0) {
			free(old);
			goto out;
		}
		if (rename(o->tmp, o->final) < 0) {
			rename(old, o->final);
			free(old);
			goto out;
		}
		fs_remove_tree(old);
		free(old);
		rc = 0;
	} else {
		rc = rename(o->tmp, o->final);
	}
out:
	if (rc < 0) {
		fprintf(stderr, "%s: error: 無法更新輸出資料夾 (cannot replace "
		    "output folder): %s\n", o->final, strerror(errno));
		if (o->tmp != NULL)
			fs_remove_tree(o->tmp);
	}
	finish(o);
	return rc;
}

void
write_abort(struct output *o)
{
	if (o->tmp != NULL)
		fs_remove_tree(o->tmp);
	finish(o);
}
