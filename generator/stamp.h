#ifndef GONGKAI_STAMP_H
#define GONGKAI_STAMP_H
/*
 * stamp: what a successful build read and wrote, so that a rebuild with
 * nothing changed is recognised from file metadata alone and skipped
 * (make's rule, applied to the whole site).
 *
 * SITE/.gongkai/build.stamp holds
 *   - a key: whatever else decides the output (the gongkai binary, the
 *     options, the commit HEAD names), composed by the caller;
 *   - every file and folder under the input roots, with its type, size,
 *     mtime (nanoseconds) and inode, and the roots that did not exist;
 *   - every file of the output folder, with its size and mtime, and
 *     every folder, with its mtime (write.h: write_expect);
 *   - the build's summary and the messages (warnings) it printed.
 *
 * A folder's mtime changes whenever an entry is added to it, removed or
 * renamed, so new and deleted sources are noticed without listing any
 * folder: stamp_fresh only calls stat(2) on what the stamp names. An edit
 * changes the file's mtime (and an editor that replaces the file, its
 * inode). Hidden names (starting with '.') are not inputs, as scan.c
 * skips them.
 *
 * Contract: stamp_fresh answers 1 only when the key is equal, every input
 * has the recorded metadata and every recorded output file is still there
 * unchanged. Anything unreadable, damaged or foreign answers 0 (build
 * again). stamp_save writes nothing when an input is newer than the
 * build's start (it changed while the site was built) or a path holds a
 * newline; it replaces the file atomically.
 */
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "write.h"

struct stamp_summary {
	size_t		pages, files, warnings;
	struct buf	diag;		/* the messages, as printed */
};

/* 1 when the build recorded in SITE_DIR/.gongkai/build.stamp is current
 * (sum filled; free sum->diag), else 0. When it is not and outs is not
 * NULL, *outs gets the output folder as that build left it (what
 * stamp_save was given, for write_expect; NULL when there is none or
 * the file is damaged; free with write_files_free). */
int	stamp_fresh(const char *site_dir, const char *key, const char *out_dir,
	    struct stamp_summary *sum, struct out_file **outs, size_t *nouts);
/* key NULL: the key is not compared (a caller still reading HEAD looks
 * at the inputs first: an edited page needs no HEAD to be built), and a
 * fresh answer holds only when stamp_key_same then says 1. */
int	stamp_key_same(const char *site_dir, const char *key);

/*
 * The inputs as stamp_save records them: roots are input files or
 * folders (walked recursively; a missing one is recorded as missing);
 * since_ns is when the build started (CLOCK_REALTIME, nanoseconds). Any
 * time after the build started is right for the walk, so a caller walks
 * them where a core is idle (the pages phase): an input changed before
 * the walk is newer than since_ns and nothing is saved; one changed
 * after it differs from the record, and the next build runs.
 */
struct stamp_inputs;
struct stamp_inputs *stamp_walk(const char *const *roots, size_t nroots,
		    long long since_ns);
void	stamp_inputs_free(struct stamp_inputs *in);

/* Record a successful build: its inputs (stamp_walk), outs: every file
 * of the output folder with its size and mtime, sorted
 * (write_produced_files and write_files_stat: what the build left
 * there; one of unknown mtime records nothing). */
void	stamp_save(const char *site_dir, const char *key,
	    const struct stamp_inputs *in,
	    const struct out_file *outs, size_t nouts,
	    const struct stamp_summary *sum);

/*
 * A digest of key and of what stamp_save would record for roots (every
 * file and folder under them: type, size, mtime, inode; missing roots as
 * missing): it changes when any of them does. The render cache
 * (rendercache.h) keys every page on it, with roots the inputs besides
 * content/ (site.yaml, classification, layouts, themes). 0 when one
 * cannot be read (nothing may then be taken as unchanged).
 */
uint64_t	stamp_digest(const char *key, const char *const *roots,
	    size_t nroots);

/* Forget the recorded build (the next one runs in full). */
void	stamp_remove(const char *site_dir);

#endif
