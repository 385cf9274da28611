#ifndef GONGKAI_TEMPLATE_H
#define GONGKAI_TEMPLATE_H
/*
 * template: Mustache (spec v1.3 without lambdas, with ~inheritance),
 * rendered against a struct value tree.
 *
 * A template is compiled once and rendered many times; rendering does not
 * modify the compiled template, so several threads may render the same
 * template at once. Partials and parents ({{> name}}, {{< name}}) are looked
 * up by name through a struct template_loader; the loader owns what it
 * returns and caches compiled partials.
 *
 * Syntax errors are reported with diag_error(path, line, col, ...).
 */
#include <stddef.h>

#include "buf.h"
#include "value.h"

struct template;

struct template_loader {
	/* Source text of partial `name`, or NULL when there is none (an
	 * unknown partial renders as empty, as the spec says). *path_out
	 * names it for diagnostics. The text stays valid while the loader
	 * lives. */
	const char	*(*source)(void *ctx, const char *name, size_t *len,
			    const char **path_out);
	void		*ctx;
};

/* Compile src[0..len). path names it in diagnostics. NULL after reporting
 * errors. Caller frees with template_free. */
struct template	*template_compile(const char *path, const char *src, size_t len);
void		 template_free(struct template *t);

/* Render t against ctx, appending to out. partials may be NULL. Returns 0,
 * or -1 after reporting an error (e.g. a syntax error in a partial, or
 * partial recursion deeper than a fixed limit). */
int	template_render(const struct template *t, const struct value *ctx,
	    const struct template_loader *partials, struct buf *out);

/* A loader over files DIR/NAME.mustache, compiled on first use; safe to
 * share between threads. */
struct template_loader	*template_dir_loader_new(const char *dir);
void			 template_dir_loader_free(struct template_loader *l);

#endif
