#ifndef GONGKAI_OUTPATH_H
#define GONGKAI_OUTPATH_H
/*
 * outpath: every path gongkai writes or removes in the output folder is
 * made here, and stays under that folder (issue 10).
 *
 * Earlier stages already refuse what could become a bad path (a slug with
 * "/" or "..", a link out of the site); this is the last gate, so a bug
 * or a bad name anywhere before it cannot write outside --out.
 */
#include <stddef.h>

/*
 * 0 if rel[0..n) is a clean relative output path: not empty, not
 * absolute, no empty, "." or ".." component, no NUL, backslash or other
 * control character (a backslash is a separator on Windows servers that
 * receive the output). -1 otherwise.
 */
int	outpath_check(const char *rel, size_t n);

#define OUTPATH_BAD	-1	/* rel is not a clean relative path */
#define OUTPATH_LINK	-2	/* an existing component is a symlink */

/*
 * root/rel, the one way an output path is made. Returns 0 with *out set
 * (caller frees); OUTPATH_BAD with *out NULL; or, when links is set and a
 * component of rel already exists under root as a symbolic link (which
 * could lead anywhere), OUTPATH_LINK with *out the path of that link
 * (caller frees). root itself may be a link: it is the user's choice.
 */
int	outpath_join(const char *root, const char *rel, int links, char **out);

/*
 * The output folder must not be one that a build would destroy: the
 * site's folder or one holding it, or a source folder (content/,
 * layouts/, classification/, themes/, data/, sites/, .git, .gongkai) or a
 * folder inside one. Paths are compared after resolving symlinks, ".."
 * and "." (the output folder need not exist yet). Returns 0, or -1 after
 * diag_error at out_dir:1:1.
 */
int	outpath_check_out_dir(const char *out_dir, const char *site_dir);

#endif
