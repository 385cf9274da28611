#ifndef GONGKAI_FRONTMATTER_H
#define GONGKAI_FRONTMATTER_H
/*
 * frontmatter: split a content file into YAML front matter and Markdown
 * body, and fill the page's front-matter fields (parse stage).
 *
 * Front matter sits between a first line "---" and the next line "---"
 * (or "..."). Unknown keys are warnings; wrong types, bad dates and a
 * missing title or date are errors at their path:line:col. The keys of
 * one content kind (plan items, SOP fields, …) are read by kinds.c,
 * called from here once the page's kind is known (p->kind from the
 * section folder, or front matter `kind`). Strings are
 * allocated in a (the site arena). Safe to call from several threads with
 * different arenas.
 */
#include <stddef.h>

#include "arena.h"
#include "site.h"

/* p->path, p->rel and p->section must be set; fills the rest of the front
 * matter and body fields. Returns 0, or -1 after reporting errors. */
int	frontmatter_parse(struct arena *a, const char *text, size_t len,
	    struct page *p);
/* The same, taking the YAML tree from yc when it knows the text
 * (yamlcache.h; NULL: parse it). */
struct yamlcache;
int	frontmatter_parse_with(struct arena *a, struct yamlcache *yc,
	    const char *text, size_t len, struct page *p);

#endif
