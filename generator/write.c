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
#include "pool.h"
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

/* A file this build produced, with the metadata of the published file
 * it left as it was (mtime -1: written, read after the commit). Caller
 * holds o->lock. */
static void
push_produced(struct output *o, const char *rel, size_t len,
    long long mtime)
{
	struct out_file *f;

	if (o->nproduced == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 256;
		o->produced = xrealloc(o->produced, o->cap * sizeof(*f));
	}
	f = &o->produced[o->nproduced++];
	f->path = xstrdup(rel);
	f->len = len;
	f->mtime = mtime;
}

static long long
mtime_of(const struct stat *st)
{
	return (long long)st->st_mtim.tv_sec * 1000000000LL +
	    st->st_mtim.tv_nsec;
}

static int
is_folder(const char *path)
{
	size_t n = strlen(path);

	return n > 0 && path[n - 1] == '/';
}

static int
cmp_file(const void *a, const void *b)
{
	return strcmp(((const struct out_file *)a)->path,
	    ((const struct out_file *)b)->path);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ------------------------------------------------------------------ */
/* The survey: what the previous build left                            */

/* rec_ok: the entry has the recorded metadata; a folder is one (not a
 * link to one) */
#define REC_SAME	1
#define REC_FOLDER	2

/* A file the record lacks, under the changed folder dir ("./" or
 * "a/b/"): name is a file, or a folder whose files all count. */
static void
survey_entry(struct output *o, const char *dir, const char *name,
    unsigned char type, struct buf *path, size_t *cap)
{
	char *rel = strcmp(dir, "./") == 0 ? xstrdup(name) :
	    fs_join(dir, name);
	char **sub = NULL;
	size_t nsub = 0, i;
	struct stat st;
	int folder;

	buf_reset(path);
	buf_printf(path, "%s/%s", o->final, rel);
	if (type == DT_REG || type == DT_DIR) {
		folder = type == DT_DIR;
	} else if (stat(buf_cstr(path), &st) == 0 &&
	    (S_ISDIR(st.st_mode) || S_ISREG(st.st_mode))) {
		folder = S_ISDIR(st.st_mode);	/* as fs_list_files: links
						 * are followed */
	} else {
		free(rel);
		return;
	}
	if (!folder) {
		if (write_files_find(o->rec, o->nrec, rel) == NULL)
			push(&o->old, &o->nold, cap, rel);
		free(rel);
		return;
	}
	buf_reset(path);
	buf_printf(path, "%s/", rel);
	if (write_files_find(o->rec, o->nrec, buf_cstr(path)) != NULL) {
		free(rel);	/* a folder of the record: surveyed itself */
		return;
	}
	buf_reset(path);
	buf_printf(path, "%s/%s", o->final, rel);
	fs_list_files(buf_cstr(path), &sub, &nsub);
	for (i = 0; i < nsub; i++) {
		char *f = fs_join(rel, sub[i]);

		push(&o->old, &o->nold, cap, f);
		free(f);
	}
	fs_list_free(sub, nsub);
	free(rel);
}

/* The record's files must all lie in folders it holds. */
static int
record_complete(const struct out_file *rec, size_t n)
{
	struct buf dir = BUF_INIT;
	const char *slash;
	size_t i;
	int ok = write_files_find(rec, n, "./") != NULL;

	for (i = 0; ok && i < n; i++) {
		if (is_folder(rec[i].path) ||
		    (slash = strrchr(rec[i].path, '/')) == NULL)
			continue;
		buf_reset(&dir);
		buf_append(&dir, rec[i].path, (size_t)(slash - rec[i].path) + 1);
		ok = write_files_find(rec, n, buf_cstr(&dir)) != NULL;
	}
	buf_free(&dir);
	return ok;
}

static void
survey_record(struct output *o)
{
	struct buf path = BUF_INIT;
	struct stat st;
	size_t i, cap = 0;
	/* paths relative to the folder, not joined to it: fewer folders to
	 * look up, and no printf (14,000 of them on the corpus); a folder
	 * that cannot be opened keeps nothing */
	int dfd = open(o->final, O_PATH | O_DIRECTORY | O_CLOEXEC);

	o->rec_ok = xcalloc(o->nrec + 1, 1);
	for (i = 0; dfd >= 0 && i < o->nrec; i++) {
		const struct out_file *f = &o->rec[i];
		const char *rel = f->path;

		/* a folder without its '/', which would follow a link */
		if (is_folder(f->path)) {
			buf_reset(&path);
			buf_append(&path, f->path, strlen(f->path) - 1);
			rel = path.len > 0 ? buf_cstr(&path) : ".";
		}
		if (fstatat(dfd, rel, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (is_folder(f->path))
			o->rec_ok[i] = S_ISDIR(st.st_mode) ? REC_FOLDER |
			    (mtime_of(&st) == f->mtime ? REC_SAME : 0) : 0;
		else
			o->rec_ok[i] = S_ISREG(st.st_mode) &&
			    (size_t)st.st_size == f->len &&
			    mtime_of(&st) == f->mtime ? REC_SAME : 0;
	}
	/* never kept through a link: every folder above a file must be one
	 * (lstat(2) followed any link on the way) */
	for (i = 0; i < o->nrec; i++) {
		const char *p = o->rec[i].path, *slash;

		if (!o->rec_ok[i] || is_folder(p))
			continue;
		for (slash = strchr(p, '/'); slash != NULL && o->rec_ok[i];
		    slash = strchr(slash + 1, '/')) {
			const struct out_file *d;

			buf_reset(&path);
			buf_append(&path, p, (size_t)(slash - p) + 1);
			d = write_files_find(o->rec, o->nrec, buf_cstr(&path));
			if (d == NULL || !(o->rec_ok[d - o->rec] & REC_FOLDER))
				o->rec_ok[i] = 0;
		}
	}
	/* the folders that changed: what is in them now */
	for (i = 0; i < o->nrec; i++) {
		DIR *d;
		struct dirent *e;

		if ((o->rec_ok[i] & REC_SAME) || !is_folder(o->rec[i].path))
			continue;
		buf_reset(&path);
		buf_printf(&path, "%s/%s", o->final, o->rec[i].path);
		if ((d = opendir(buf_cstr(&path))) == NULL)
			continue;	/* gone, or a file now */
		while ((e = readdir(d)) != NULL)
			if (e->d_name[0] != '.')	/* as fs_list_files */
				survey_entry(o, o->rec[i].path, e->d_name,
				    e->d_type, &path, &cap);
		closedir(d);
	}
	xqsort(o->old, o->nold, sizeof(*o->old), cmp_str);
	buf_free(&path);
	if (dfd >= 0)
		close(dfd);
}

static void *
surveyor(void *arg)
{
	struct output *o = arg;

	/* wanted when the first page is written: meanwhile it takes the
	 * time the parse and the model leave */
	pool_background(10);
	if (o->rec_valid)
		survey_record(o);
	else
		o->listed = fs_list_files(o->final, &o->old, &o->nold);
	return NULL;
}

static void
survey_start(struct output *o)
{
	if (o->surveying || atomic_load(&o->surveyed))
		return;
	o->surveying = pthread_create(&o->surveyor, NULL, surveyor, o) == 0;
	if (!o->surveying) {
		surveyor(o);
		atomic_store(&o->surveyed, 1);
	}
}

/* The survey's results: after this they may be read. */
static void
survey_wait(struct output *o)
{
	if (atomic_load(&o->surveyed))
		return;
	pthread_mutex_lock(&o->survey_lock);
	if (!atomic_load(&o->surveyed)) {
		if (o->surveying)
			pthread_join(o->surveyor, NULL);
		else
			surveyor(o);
		o->surveying = 0;
		atomic_store(&o->surveyed, 1);
	}
	pthread_mutex_unlock(&o->survey_lock);
}

void
write_expect(struct output *o, struct out_file *rec, size_t nrec)
{
	if (o->tmp == NULL || !o->incremental || o->rec != NULL ||
	    o->surveying || rec == NULL) {
		write_files_free(rec, nrec);
		return;
	}
	o->rec = rec;
	o->nrec = nrec;
	o->rec_valid = record_complete(rec, nrec);
}

void
write_prefetch(struct output *o)
{
	if (o->tmp != NULL && o->incremental)
		survey_start(o);
}

/* The files produced, sorted (under o->lock): once, when both the stale
 * files and the record want them so. */
static void
sort_produced(struct output *o)
{
	if (o->nsorted == o->nproduced)
		return;
	xqsort(o->produced, o->nproduced, sizeof(*o->produced), cmp_file);
	o->nsorted = o->nproduced;
}

/* The published files this build did not produce, sorted: with a record,
 * the files it names and those found beside them; else all listed. */
static int
find_stale(struct output *o)
{
	const char **all;
	size_t n = 0, i, j, k;

	if (o->have_stale)
		return 0;
	survey_wait(o);
	if (!o->rec_valid && o->listed < 0)
		return -1;
	all = xcalloc(o->nrec + o->nold + 1, sizeof(*all));
	for (i = 0; o->rec_valid && i < o->nrec; i++)
		if (!is_folder(o->rec[i].path))
			all[n++] = o->rec[i].path;
	for (i = 0; i < o->nold; i++)
		all[n++] = o->old[i];
	if (o->rec_valid && o->nold > 0)
		xqsort(all, n, sizeof(*all), cmp_str);
	pthread_mutex_lock(&o->lock);
	sort_produced(o);
	for (i = 0, j = 0, k = 0; i < n; i++) {
		int c = 1;

		while (k < o->nproduced &&
		    (c = strcmp(o->produced[k].path, all[i])) < 0)
			k++;
		if (k < o->nproduced && c == 0)
			continue;
		all[j++] = all[i];
	}
	pthread_mutex_unlock(&o->lock);
	o->stale = all;
	o->nstale = j;
	o->have_stale = 1;
	return 0;
}

static void
finish(struct output *o)
{
	if (o->surveying) {
		pthread_join(o->surveyor, NULL);
		o->surveying = 0;
	}
	fs_list_free(o->old, o->nold);
	write_files_free(o->rec, o->nrec);
	free(o->rec_ok);
	free(o->stale);
	o->old = NULL;
	o->rec = NULL;
	o->rec_ok = NULL;
	o->stale = NULL;
	o->nold = o->nrec = o->nstale = 0;
	free(o->tmp);
	free(o->final);
	o->tmp = o->final = NULL;
	write_files_free(o->produced, o->nproduced);
	free_list(o->staged, o->nstaged);
	o->produced = NULL;
	o->staged = NULL;
	o->nproduced = o->nstaged = o->nsorted = 0;
	pthread_mutex_destroy(&o->lock);
	pthread_mutex_destroy(&o->survey_lock);
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
	pthread_mutex_init(&o->survey_lock, NULL);
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
	push_produced(o, rel, len, keep ? mtime_of(&st) : -1);
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
	const struct out_file *f;
	struct stat st;
	char *path;
	int keep;

	if (o->tmp == NULL || !o->incremental)
		return 0;
	survey_wait(o);
	if (o->rec_valid) {
		/* the survey read its metadata */
		f = write_files_find(o->rec, o->nrec, rel);
		keep = f != NULL && (o->rec_ok[f - o->rec] & REC_SAME) &&
		    !is_folder(f->path) && f->len == len && f->mtime == mtime_ns;
	} else {
		if (outpath_join(o->final, rel, 1, &path) != 0) {
			free(path);
			return 0;	/* write_file reports it */
		}
		keep = lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (size_t)st.st_size == len && mtime_of(&st) == mtime_ns;
		free(path);
	}
	if (!keep)
		return 0;
	atomic_fetch_add(&o->files, 1);
	atomic_fetch_add(&o->bytes, len);
	pthread_mutex_lock(&o->lock);
	push_produced(o, rel, len, mtime_ns);
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

/* Push the folders above path ("./" first), those above prev skipped:
 * paths in order give each folder once. */
static void
push_folders(char ***v, size_t *n, size_t *cap, const char *path,
    const char *prev)
{
	const char *slash;
	char *dir;

	if (prev == NULL)
		push(v, n, cap, "./");
	for (slash = strchr(path, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		size_t len = (size_t)(slash - path) + 1;

		if (prev != NULL && strncmp(prev, path, len) == 0)
			continue;
		dir = xstrndup(path, len);
		push(v, n, cap, dir);
		free(dir);
	}
}

/* Sort v[0..n), whose first n1 are sorted: the rest (the folders, in the
 * order of their first file) usually are too, and the two are merged;
 * sorting the 13,800 paths of the corpus's output again took 3 ms. */
static void
sort_runs(struct out_file *v, size_t n1, size_t n)
{
	struct out_file *t;
	size_t i, a = 0, b = n1, k = 0;

	for (i = n1 + 1; i < n; i++)
		if (strcmp(v[i - 1].path, v[i].path) > 0) {
			xqsort(v, n, sizeof(*v), cmp_file);
			return;
		}
	t = xmalloc((n + 1) * sizeof(*t));
	while (a < n1 && b < n)
		t[k++] = strcmp(v[a].path, v[b].path) <= 0 ? v[a++] : v[b++];
	while (a < n1)
		t[k++] = v[a++];
	while (b < n)
		t[k++] = v[b++];
	memcpy(v, t, n * sizeof(*v));
	free(t);
}

/* The folders this build's commit changes (sorted): above the files it
 * renames into place and those it removes. */
static void
touched_folders(struct output *o, char ***v, size_t *n)
{
	size_t cap = 0, i;

	*v = NULL;
	*n = 0;
	for (i = 0; i < o->nstaged; i++)
		push_folders(v, n, &cap, o->staged[i], i ? o->staged[i - 1] :
		    NULL);
	for (i = 0; i < o->nstale; i++)
		push_folders(v, n, &cap, o->stale[i], NULL);
	xqsort(*v, *n, sizeof(**v), cmp_str);
}

struct out_file *
write_produced_files(struct output *o, size_t *n)
{
	struct out_file *v;
	char **dirs = NULL, **touched = NULL;
	size_t i, ndirs = 0, dcap = 0, ntouched = 0, nfiles;
	int known = o->tmp != NULL && o->incremental && o->rec_valid;

	/* a folder's mtime is known when the survey found it as recorded
	 * and the commit leaves it alone */
	if (known && find_stale(o) == 0)
		touched_folders(o, &touched, &ntouched);
	else
		known = 0;
	pthread_mutex_lock(&o->lock);
	sort_produced(o);
	for (i = 0; o->tmp != NULL && i < o->nproduced; i++)
		push_folders(&dirs, &ndirs, &dcap, o->produced[i].path,
		    i ? o->produced[i - 1].path : NULL);
	nfiles = o->nproduced;
	v = xcalloc(nfiles + ndirs + 1, sizeof(*v));
	for (i = 0; i < nfiles; i++) {
		v[i] = o->produced[i];
		v[i].path = xstrdup(o->produced[i].path);
	}
	pthread_mutex_unlock(&o->lock);
	for (i = 0; i < ndirs; i++) {
		const struct out_file *r = known ? write_files_find(o->rec,
		    o->nrec, dirs[i]) : NULL;
		struct out_file *f = &v[nfiles + i];

		f->path = dirs[i];
		f->len = 0;
		f->mtime = r != NULL && (o->rec_ok[r - o->rec] & REC_SAME) &&
		    (ntouched == 0 || bsearch(&dirs[i], touched, ntouched,
		    sizeof(*touched), cmp_str) == NULL) ? r->mtime : -1;
	}
	free(dirs);
	free_list(touched, ntouched);
	*n = nfiles + ndirs;
	sort_runs(v, nfiles, *n);
	return v;
}

void
write_files_stat(const char *out_dir, struct out_file *f, size_t n)
{
	struct buf rel = BUF_INIT;
	int dfd = -2, folder;
	struct stat st;
	size_t i;

	for (i = 0; i < n; i++) {
		if (f[i].mtime >= 0)
			continue;
		if (dfd == -2)
			dfd = open(out_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		/* a folder without its '/', which would follow a link */
		folder = is_folder(f[i].path);
		buf_reset(&rel);
		buf_append(&rel, f[i].path, strlen(f[i].path) - (size_t)folder);
		if (dfd >= 0 && fstatat(dfd, buf_cstr(&rel), &st,
		    AT_SYMLINK_NOFOLLOW) == 0 && (folder ? S_ISDIR(st.st_mode) :
		    S_ISREG(st.st_mode))) {
			f[i].len = folder ? 0 : (size_t)st.st_size;
			f[i].mtime = mtime_of(&st);
		}
	}
	if (dfd >= 0)
		close(dfd);
	buf_free(&rel);
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
	size_t i;
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
	if (find_stale(o) < 0)
		return -1;
	for (i = 0; i < o->nstale; i++) {
		/* never through a link: the listing follows links, and what
		 * lies behind one is not ours to delete */
		char *path;
		if (outpath_join(o->final, o->stale[i], 1, &path) == 0) {
			unlink(path);
			prune_empty(o->final, o->stale[i]);
		}
		free(path);
	}
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
