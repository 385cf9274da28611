#ifndef GONGKAI_HISTORY_H
#define GONGKAI_HISTORY_H
/*
 * history: the revision history of every file, read from git with libgit2
 * in one walk, and cached.
 *
 * This is the only module that includes <git2.h>. It never starts a git
 * process.
 *
 * What a path's history is: the non-merge commits reachable from HEAD whose
 * change against their first (only) parent adds, removes or modifies the
 * path, newest first. Root commits (and the boundary commits of a shallow
 * clone) touch every path in their tree. Path by path this is what
 *   git log --no-merges --no-renames --name-only
 * lists. "Newest first" is git's --date-order: a topological order that
 * otherwise follows the committer date; it is computed from the commit
 * graph, so it is the same whether or not the cache was used.
 *
 * Paths are relative to the repository root ("content/faq/a.md"), with '/'
 * separators, whatever folder the repository was discovered from.
 *
 * Ownership: a struct history owns everything it hands out; every pointer
 * returned by the functions below is valid until history_free(). After
 * history_open() returns, the lookup functions only read and may be called
 * from several threads at once; history_blob_at() takes a lock.
 */
#include <stddef.h>

#include "buf.h"

struct history;

struct history_options {
	/* Continue a path's history through exact renames (see
	 * history_lookup()). Off by default. */
	int	follow_renames;
	/* A shallow clone is an error (diag_error) instead of a --strict
	 * warning (diag_strict). */
	int	strict;
	/* No repository is an error: history_open() prints it and returns
	 * -1, instead of warning and returning an empty history. */
	int	require_repo;
	/* Run one `git status` pass so history_status() can answer. */
	int	status;
	/* ... over this folder only (a path, as for history_repo_path;
	 * NULL: the whole work tree); read during history_open only. */
	const char *status_dir;
	/* Diff threads; 0 chooses from the number of cores. */
	int	threads;
};

/* One commit in a path's history. The entries of one commit share its
 * strings (the same pointers), which live as long as the history. */
struct history_entry {
	const char	*id;		/* 40 lowercase hex digits */
	const char	*author_name;	/* valid UTF-8 */
	const char	*author_email;	/* valid UTF-8 */
	const char	*subject;	/* git's %s: first paragraph, one line,
					   valid UTF-8 */
	long long	 time;		/* author time, seconds since the epoch */
	int		 offset;	/* the author's UTC offset, minutes */
};

/*
 * Open the repository containing repo_dir (discovered upwards, like git
 * does) and collect the history of every path.
 *
 * cache_dir is the folder for history.cache: NULL means no cache (neither
 * read nor written); "" means the repository's own: <root>/.gongkai (for a
 * bare repository <git dir>/gongkai). A folder created for the cache gets
 * a .gitignore that ignores it. The cache is keyed by HEAD's id: when it
 * matches nothing is walked; otherwise only the commits the cache has not
 * seen are walked and the cache is merged (commits are immutable, so the
 * cached changes of any commit stay true; commits no longer reachable from
 * HEAD are dropped). A damaged cache is discarded with a warning.
 *
 * Without a repository (and without opt->require_repo) *out is an empty
 * history and one warning is printed. A shallow clone is walked as git log
 * walks it (boundary commits act as roots) and warned about (diag_strict,
 * or diag_error with opt->strict), naming the fix.
 *
 * Returns 0 and sets *out (free with history_free), or -1 after printing
 * why (libgit2 error, unreadable repository, no repository with
 * require_repo). opt may be NULL for the defaults.
 */
int	history_open(const char *repo_dir, const char *cache_dir,
	    const struct history_options *opt, struct history **out);
void	history_free(struct history *h);

/* The id of the commit HEAD names in the repository containing dir
 * (discovered as history_open does), 40 hex digits; "" without a
 * repository or commit. Reads only HEAD and its ref: no walk, no cache. */
void	history_head_id(const char *dir, char id[41]);

/*
 * For tests and fuzzing: the history that history_open() makes on a cache
 * hit, from the bytes of a history.cache file alone and without a
 * repository (history_has_repo() is 0, history_status() is always clean,
 * history_blob_at() fails). HEAD is the commit the cache names. With
 * check_sum 0 the trailing 8-byte checksum is not compared (it must still
 * be there), so that a fuzzer reaches the rest; everything else is
 * checked as history_open() checks it. Only opt->follow_renames matters.
 * Returns 0 and sets *out (free with history_free), or -1 with *why set to
 * a short English reason (a static string). Prints nothing.
 */
int	history_from_cache(const void *data, size_t len, int check_sum,
	    const struct history_options *opt, struct history **out,
	    const char **why);

/* 1 if a repository was found (its HEAD may still be unborn). */
int	history_has_repo(const struct history *h);
/* The repository's root folder, absolute, symlinks resolved, with a
 * trailing '/'; NULL for a bare repository or no repository. */
const char *history_workdir(const struct history *h);

/*
 * Map a file-system path (absolute, or relative to the current folder; the
 * file need not exist) to its repository-relative path: "content/a.md".
 * Returns NULL when the path is outside the work tree or there is no
 * repository. Caller frees.
 */
char	*history_repo_path(const struct history *h, const char *path);

/*
 * The history of one repository-relative path, newest first; *n entries.
 * NULL and *n = 0 when the path has no committed history.
 *
 * With follow_renames, a path added in a commit that also removed a file
 * with identical content (same blob id; not the empty file; regular files
 * only) continues, for the commits older than that one, with the history
 * of the removed path (and so on through earlier renames). When several
 * removed files match several added ones, they pair up in bytewise path
 * order.
 */
const struct history_entry *history_lookup(const struct history *h,
	    const char *path, size_t *n);

/* Every path that has a history, sorted bytewise: index 0 .. count-1. */
size_t	history_path_count(const struct history *h);
const char *history_path_at(const struct history *h, size_t i);

enum history_state {
	HISTORY_CLEAN = 0,	/* committed and unchanged (or unknown path) */
	HISTORY_MODIFIED,	/* changed in the index or work tree, or
				   staged but never committed: 「尚未提交」 */
	HISTORY_UNTRACKED	/* not in git at all: 「尚未提交」 */
};

/*
 * Work-tree state of a repository-relative path, from the single status
 * pass made by history_open() with opt->status (HISTORY_CLEAN when that
 * pass was not requested or there is no repository). Ignored files are
 * HISTORY_CLEAN.
 */
enum history_state history_status(const struct history *h, const char *path);

/*
 * Append the content of path as it was at commit_hex (a full or
 * abbreviated commit id) to out. Returns 0, or -1 when the commit or the
 * path does not exist there (nothing is printed). Thread-safe.
 */
int	history_blob_at(const struct history *h, const char *commit_hex,
	    const char *path, struct buf *out);

/*
 * Close the repository once every blob and status a build needs has been
 * read: libgit2's pack maps and object caches (tens of MB on a large
 * history) go with it. What was read stays: history_lookup, the paths,
 * history_status, the stats and history_has_repo answer as before;
 * history_blob_at fails from then on.
 */
void	history_release_repo(struct history *h);

enum history_how {
	HISTORY_NONE,		/* no repository or unborn HEAD */
	HISTORY_CACHED,		/* the cache matched HEAD: nothing walked */
	HISTORY_INCREMENTAL,	/* only commits missing from the cache */
	HISTORY_FULL		/* no usable cache */
};

struct history_stats {
	enum history_how how;
	size_t	walked;		/* commits read from git in this run */
	size_t	commits;	/* commits reachable from HEAD */
	size_t	paths;		/* paths with a history */
	size_t	entries;	/* (path, commit) pairs, without following */
	double	ms;		/* wall time of history_open */
	double	walk_ms;	/* of which reading commits */
	double	diff_ms;	/* and comparing trees */
};

void	history_get_stats(const struct history *h, struct history_stats *st);

/*
 * Time zones, without the machine's TZ: the zone is read from its TZif file
 * in /usr/share/zoneinfo (transitions, then the POSIX rule in the file's
 * footer for later times). When that file is missing, "Asia/Taipei" falls
 * back to a fixed +08:00 (true since 1979-10-01; Taiwan kept daylight
 * saving in some earlier years) and "UTC" to +00:00. A fixed offset such
 * as "+08:00" is also accepted as a name.
 */
struct history_tz;

/* Returns 0 and sets *out (free with history_tz_free), or -1 for an
 * unknown or invalid zone name. Prints nothing. */
int	history_tz_load(const char *name, struct history_tz **out);
void	history_tz_free(struct history_tz *tz);
/* UTC offset in seconds east of Greenwich at time t (whole minutes). */
int	history_tz_offset(const struct history_tz *tz, long long t);

/* Write "2015-01-05T10:00:00+08:00" (t shifted by offset_minutes) into out
 * (at least 32 bytes). */
void	history_format_iso(long long t, int offset_minutes, char *out,
	    size_t n);
/* The same in zone tz. */
void	history_format_tz(const struct history_tz *tz, long long t, char *out,
	    size_t n);

/* Append s[0..len) to out as valid UTF-8: every maximal ill-formed
 * subsequence (and NUL) becomes U+FFFD. */
void	history_utf8_sanitize(const char *s, size_t len, struct buf *out);

#endif
