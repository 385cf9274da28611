#ifndef GONGKAI_FS_H
#define GONGKAI_FS_H
/*
 * fs: the file-system operations the pipeline needs, with deterministic
 * results (directory listings are sorted bytewise, never in readdir order).
 * Functions return 0 or -1 with errno set; they print nothing, so callers
 * decide whether a failure is a user error or fatal.
 */
#include <stddef.h>

#include "buf.h"

/* Append the whole file to out. */
int	fs_read_file(const char *path, struct buf *out);
/* The whole file at path (relative to the folder dirfd, or AT_FDCWD) in
 * a's memory, NUL-terminated, its length in *len: read straight there,
 * without a buffer to copy from (a build reads thousands of sources, and
 * a path relative to content/ has fewer folders to look up). */
struct arena;
char	*fs_read_file_arena(int dirfd, const char *path, struct arena *a,
	    size_t *len);
/*
 * A whole file mapped read-only, for the caches under .gongkai/: no copy
 * into fresh memory (a rebuild reads about 20 MB of them, and reading
 * cost a page fault and a copy per 4 KB). The bytes stay valid until
 * fs_unmap, and are not NUL-terminated; an empty file has data NULL and
 * len 0. Only for files that are replaced by rename(2) or appended to,
 * never truncated while another process may map them.
 */
struct fs_map {
	const unsigned char	*data;
	size_t			 len;
};
int	fs_map_file(const char *path, struct fs_map *m);
void	fs_unmap(struct fs_map *m);
/* Create path and its parents (mode 0755). */
int	fs_mkdir_p(const char *path);
/* Write data to path, creating parent folders; checks fflush/ferror. */
int	fs_write_file(const char *path, const char *data, size_t len);
/* Copy a regular file, creating parent folders. */
int	fs_copy_file(const char *from, const char *to);
/* Remove a file or a whole tree (no error if it does not exist). */
int	fs_remove_tree(const char *path);
int	fs_is_dir(const char *path);
int	fs_is_file(const char *path);

/*
 * Every regular file under root, recursively, as paths relative to root
 * ("faq/a.md"), sorted bytewise. Hidden entries (starting with '.') are
 * skipped. *out is a malloc'd array of malloc'd strings; free with
 * fs_list_free. A missing root gives an empty list and returns 0.
 */
int	fs_list_files(const char *root, char ***out, size_t *n);
void	fs_list_free(char **list, size_t n);
/*
 * As fs_list_files, but a symbolic link (to a file or a folder) that
 * resolves outside the folder within is neither listed nor followed: its
 * path relative to root goes to *outside instead (sorted; free with
 * fs_list_free), for the caller to report. within NULL: no confinement.
 */
int	fs_list_files_within(const char *root, const char *within,
	    char ***out, size_t *n, char ***outside, size_t *noutside);

/* Folder holding the running executable (no trailing slash), or NULL. Caller
 * frees. */
char	*fs_exe_dir(void);

/* The running executable's identity (its size and a hash of its bytes)
 * as a short string, for caches that a different gongkai must not trust
 * and the same one, built again, may. "" and -1 when unknown. */
int	fs_exe_stamp(char *out, size_t n);

/* Write SITE_DIR/.gongkai/NAME atomically (a temporary file renamed into
 * place), creating the folder with a .gitignore that ignores it. */
int	fs_cache_write(const char *site_dir, const char *name, const char *data,
	    size_t len);

/* Path join: "a" + "b" -> "a/b" (no double slash). Caller frees. */
char	*fs_join(const char *a, const char *b);



/*
 * Resolve rel against folder dir (both relative to the same root, dir may
 * be ""), folding "." and ".." segments: ("faq", "../sop/x.md") -> "sop/x.md".
 * Writes the result to out; returns -1 when it climbs above the root.
 */
int	fs_resolve(const char *dir, const char *rel, size_t rel_len,
	    struct buf *out);
#endif
