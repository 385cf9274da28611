#ifndef GONGKAI_WRITE_H
#define GONGKAI_WRITE_H
/*
 * write: the output folder, never left half-written.
 *
 * Files are handed to write_file/write_copy while the site renders; they
 * reach the output folder only in write_commit, which the build calls
 * when the whole site rendered and checked without errors. write_abort
 * leaves the previous output untouched.
 *
 * First build (no output folder yet, or an empty one): all files go to a
 * temporary folder beside the output, and write_commit renames it into
 * place (swapping atomically with renameat2 when the output exists). A
 * folder that holds files but not the marker below is refused by
 * write_begin: it is someone else's, and replacing it would delete them.
 *
 * Rebuild (the output folder holds the marker .gongkai-output): a file
 * whose bytes equal the published one is not rewritten (its mtime stays,
 * so rsync deploys only what changed); changed files are staged in the
 * temporary folder and renamed into place one by one in write_commit,
 * each atomically; files of the previous build that this one did not
 * produce are removed, with folders left empty. Nothing is touched before
 * write_commit.
 *
 * write_file and write_copy may be called from several threads at once.
 * A struct output opened with out_dir == NULL writes nothing (for
 * `gongkai check`).
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* A file of the output folder: its size and mtime (ns; -1: unknown). A
 * path ending in '/' is a folder (len 0; "./" is the output folder
 * itself): write_produced_files lists them too, so that the next build's
 * write_expect knows which folders changed. */
struct out_file {
	char		*path;		/* relative to the output folder */
	size_t		 len;
	long long	 mtime;
};

struct output {
	char		*final;		/* the output folder */
	char		*tmp;		/* staging folder; NULL for dry runs */
	int		 incremental;	/* final exists and is ours */
	_Atomic size_t	 files;		/* files produced */
	_Atomic size_t	 bytes;
	_Atomic size_t	 changed;	/* of which new or different */
	pthread_mutex_t	 lock;		/* guards the lists below */
	struct out_file	*produced;	/* this build's, with the metadata
					 * of those left as published */
	size_t		 nproduced, cap;
	size_t		 nsorted;	/* produced[0..nsorted) is sorted */
	char		**staged;	/* relative paths waiting in tmp */
	size_t		 nstaged, scap;
	/* what the previous build left, surveyed on a thread of its own
	 * (write_expect, write_prefetch); read after survey_wait */
	pthread_mutex_t	 survey_lock;
	pthread_t	 surveyor;
	int		 surveying;	/* started, not joined yet */
	_Atomic int	 surveyed;
	int		 listed;	/* fs_list_files' result */
	struct out_file	*rec;		/* write_expect's record, sorted */
	size_t		 nrec;
	unsigned char	*rec_ok;	/* rec[i] is still as recorded */
	int		 rec_valid;	/* the record is usable */
	char		**old;		/* listed: the published files;
					 * record: the files found in
					 * changed folders it lacks */
	size_t		 nold;
	const char	**stale;	/* published, not produced (sorted) */
	size_t		 nstale;
	int		 have_stale;
};

/* 0, or -1 with a message printed (environment error). */
int	write_begin(struct output *o, const char *out_dir);
/* rel is relative to the output folder. Dies if the disk refuses. */
void	write_file(struct output *o, const char *rel, const char *data,
	    size_t len);
void	write_copy(struct output *o, const char *rel, const char *src);
/* Keep the published rel as it is, unread, when it still has len bytes
 * and mtime_ns (what the previous build left: rendercache.h): 1, and rel
 * counts as produced and unchanged; else 0, and the caller writes it. */
int	write_keep(struct output *o, const char *rel, size_t len,
	    long long mtime_ns);
/* The files produced so far and their folders, sorted by path: after a
 * successful write_commit the output folder holds exactly these, and the
 * marker. Their size and mtime are known for the files a rebuild left as
 * they were (it read their metadata) and the folders it leaves
 * untouched, -1 for the others until write_files_stat. Call before
 * write_commit. Free with write_files_free. */
struct out_file	*write_produced_files(struct output *o, size_t *n);
/* After write_commit: read the mtimes not known yet, relative to
 * out_dir (-1 when one cannot be read). */
void	write_files_stat(const char *out_dir, struct out_file *f, size_t n);
void	write_files_free(struct out_file *f, size_t n);
/* The entry for path in f (sorted by path), or NULL. */
const struct out_file *write_files_find(const struct out_file *f, size_t n,
	    const char *path);
/*
 * A rebuild's commit removes the published files this build did not
 * produce, and write_keep must know that a published file is still what
 * the last build left. Listing the output folder for that (on the
 * 5,000-page corpus, 5,900 folders) and stat'ing every kept file cost
 * about 100 ms of system time per rebuild.
 *
 * write_expect gives the record the last build left (write_produced_files
 * after write_files_stat, kept by the caller: stamp.h): every file with
 * its size and mtime, every folder with its mtime. It takes rec (sorted
 * by path; freed by o). write_prefetch, or else the first write_keep,
 * then surveys what it names: each file's and folder's metadata
 * (lstat(2), about 14,000 on the corpus: 30-40 ms on a thread of its
 * own; `gongkai build` starts it while it reads its caches and the
 * config on one core). A folder's mtime changes
 * whenever an entry in it is added, removed or renamed, so only the
 * folders whose mtime changed are listed, for files the record lacks
 * (someone else's; the commit removes them as it removes stale files).
 * A file changed in place keeps its folder's mtime but not its own, and
 * is written again. A record that does not hold every folder of its
 * files is not used: the folder is then listed as a whole, by the same
 * thread. Ignored (and freed) for a first build. Call before any write.
 *
 * Nothing else reads or changes the folder before write_commit. Both
 * optional: without them write_keep and write_commit survey the folder
 * when they need to.
 */
void	write_expect(struct output *o, struct out_file *rec, size_t nrec);
void	write_prefetch(struct output *o);
/* 0, or -1 with a message printed; either way o is finished. */
int	write_commit(struct output *o);
void	write_abort(struct output *o);

/* The marker that makes a folder a gongkai output. */
#define WRITE_MARKER	".gongkai-output"

#endif
