#ifndef GONGKAI_TEMPLATE_H
#define GONGKAI_TEMPLATE_H
/*
 * template: Mustache (spec v1.4 without lambdas, with ~inheritance),
 * rendered against a struct value tree.
 *
 * A template is compiled once and rendered many times; rendering does not
 * modify the compiled template, so several threads may render the same
 * template at once. Partials and parents ({{> name}}, {{< name}}) are looked
 * up by name through a struct template_loader.
 *
 * Syntax errors are reported with diag_error(path, line, col, ...), where
 * line and col point at the offending tag (for an unclosed section, at its
 * opening tag).
 *
 * Rendering details (the spec leaves some open):
 * - {{name}} escapes & < > " with escape_html; {{{name}}} and {{&name}}
 *   do not. Numbers print as JSON spells them (json_format_number: 85,
 *   1.21), booleans as true/false, null and missing names as nothing, and
 *   lists and maps as nothing.
 * - Dotted names resolve their first part up the context stack and the
 *   rest strictly inside it; a part made of digits indexes a list
 *   ({{items.0.title}}).
 * - Indentation of a standalone partial or parent is added to each
 *   non-empty line it renders. Block indentation follows the spec's
 *   reindentation tests: a block's own indentation is removed where it is
 *   defined and the expansion site's is added (see template.c).
 *
 * Changes from the first version of this header: struct template_loader
 * gained the optional `compiled` member (appended, so loaders that set
 * only source and ctx keep working); template_compile_file and
 * TEMPLATE_MAX_DEPTH were added.
 */
#include <stddef.h>

#include "buf.h"
#include "value.h"

/*
 * Sections, inverted sections, blocks, partials and parents nest at most
 * this deep, counting a template's own nesting and the partials it pulls
 * in together. Deep enough for any theme and for data-driven recursion (a
 * menu tree a hundred levels deep needs two levels per tree level);
 * shallow enough that a partial that includes itself stops with an error
 * long before the C stack runs out. The only limit of this module.
 */
#define TEMPLATE_MAX_DEPTH	256

struct template;

struct template_loader {
	/* Source text of partial `name`, or NULL when there is none (an
	 * unknown partial renders as empty, as the spec says). *path_out
	 * names it for diagnostics. The text stays valid while the loader
	 * lives. A loader with only `source` has each partial compiled once
	 * per template_render call. */
	const char	*(*source)(void *ctx, const char *name, size_t *len,
			    const char **path_out);
	void		*ctx;
	/* Optional, preferred over source: the compiled partial `name`,
	 * owned and cached by the loader and valid while it lives; NULL when
	 * there is none, or when it does not compile, in which case *failed
	 * is set to 1 (the errors were reported once, when it was first
	 * compiled). Must be safe to call from several threads. */
	const struct template *(*compiled)(void *ctx, const char *name,
			    int *failed);
};

/* Compile src[0..len) (copied; src need not outlive the template). path
 * names it in diagnostics and is copied too. NULL after reporting errors.
 * Caller frees with template_free. */
struct template	*template_compile(const char *path, const char *src, size_t len);
/* Read and compile a file. NULL after reporting errors (also when the file
 * cannot be read). */
struct template	*template_compile_file(const char *path);
void		 template_free(struct template *t);

/* Render t against ctx, appending to out. partials may be NULL. Returns 0,
 * or -1 after reporting an error (e.g. a syntax error in a partial, or
 * nesting deeper than TEMPLATE_MAX_DEPTH); out then holds partial output.
 * Thread-safe for a shared t as long as the loader is. */
int	template_render(const struct template *t, const struct value *ctx,
	    const struct template_loader *partials, struct buf *out);

/*
 * Source maps: where each part of the output came from, so a check of the
 * finished page can point at the template line. Entry i covers the output
 * from v[i].off to v[i + 1].off (the last one to the end), offsets in the
 * buffer passed to template_render_mapped (they count what was in it
 * before). An entry is made for every source line of literal text (line
 * and col of its first byte there) and every interpolation ({{name}},
 * {{{name}}}: interp set, line and col of the tag, `len` the bytes
 * written for it, `markup` set when it wrote HTML tags ({{{name}}} with a
 * "<"; `foreign` when the value was made by value_foreign), `value` the
 * interpolated text before escaping). path points into
 * the template (valid while it lives); value into the data, so it is
 * valid only while the data lives: compare it (is this p->html?) before
 * freeing the data, or clear it. Indentation added for a partial goes
 * with the entry before.
 */
struct template_srcpos {
	size_t		 off, len;
	const char	*path;
	int		 line, col;
	int		 interp, markup, foreign;
	const char	*value;
};

struct template_srcmap {
	struct template_srcpos	*v;
	size_t			 n, cap;
};

/* template_render, also appending entries to map (start with it zeroed;
 * free with template_srcmap_free). template_render is this with map NULL,
 * and costs nothing extra then. */
int	template_render_mapped(const struct template *t,
	    const struct value *ctx, const struct template_loader *partials,
	    struct buf *out, struct template_srcmap *map);
/* The entry covering output offset off, or NULL before the first. */
const struct template_srcpos *template_srcmap_find(
	    const struct template_srcmap *m, size_t off);
void	template_srcmap_free(struct template_srcmap *m);

/* A loader over files DIR/NAME.mustache, read and compiled on first use
 * and cached (also the failures); safe to share between threads. A
 * missing file is warned about once and renders as empty; a name that is
 * empty, absolute or contains a ".." component is never looked up.
 * Never NULL; free with template_dir_loader_free. */
struct template_loader	*template_dir_loader_new(const char *dir);
void			 template_dir_loader_free(struct template_loader *l);

#endif
