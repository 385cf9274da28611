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

/* A file of the output folder: its size and mtime (ns; -1: unknown). */
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
	char		**staged;	/* relative paths waiting in tmp */
	size_t		 nstaged, scap;
	/* write_prefetch: the published files, listed on a thread */
	pthread_t	 lister;
	int		 listing, listed;
	char		**old;
	size_t		 nold;
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
/* The files produced so far, sorted by path: after a successful
 * write_commit the output folder holds exactly these, and the marker.
 * Their size and mtime are known for the files a rebuild left as they
 * were (it read their metadata), -1 for the others until
 * write_files_stat. Free with write_files_free. */
struct out_file	*write_produced_files(struct output *o, size_t *n);
/* After write_commit: read the mtimes not known yet, relative to
 * out_dir (-1 when one cannot be read). */
void	write_files_stat(const char *out_dir, struct out_file *f, size_t n);
void	write_files_free(struct out_file *f, size_t n);
/* The entry for path in f (sorted by path), or NULL. */
const struct out_file *write_files_find(const struct out_file *f, size_t n,
	    const char *path);
/* A rebuild's commit removes the published files this build did not
 * produce, so it lists the output folder (on the 5,000-page corpus, 6,000
 * folders: about 40 ms of system calls). write_prefetch starts that
 * listing now on a thread of its own, while cores would idle (a rebuild
 * that renders a few pages); nothing else reads or changes the folder
 * before write_commit. Optional. */
void	write_prefetch(struct output *o);
/* 0, or -1 with a message printed; either way o is finished. */
int	write_commit(struct output *o);
void	write_abort(struct output *o);

/* The marker that makes a folder a gongkai output. */
#define WRITE_MARKER	".gongkai-output"

#endif
