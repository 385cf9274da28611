#ifndef GONGKAI_YAMLCACHE_H
#define GONGKAI_YAMLCACHE_H
/*
 * yamlcache: the YAML trees of the last build's front matter, so that a
 * rebuild runs libyaml only on front matter that changed (issue 8: "a
 * rebuild redoes only the pages whose inputs changed"). On the 5,000-page
 * corpus libyaml and the tree it builds were 40-50 ms of an edit's CPU:
 * every page's front matter and every published revision's.
 *
 * A tree is a function of its text and its first line number: an entry is
 * keyed by both (the text by its hash64 and length) and holds the tree,
 * serialised (an alias's node once per use). Only texts yaml_parse read
 * without an error are remembered, so a cached tree never owes a message.
 * The entries live in SITE/.gongkai/yaml.cache, a blobcache (blobcache.h:
 * tied to the binary, each entry checked by its hash, a build appending
 * what it parsed). Lookups and additions are thread-safe.
 */
#include <stddef.h>

#include "arena.h"
#include "yamltree.h"

struct yamlcache;

/* Read SITE_DIR/.gongkai/yaml.cache; never NULL. */
struct yamlcache *yamlcache_load(const char *site_dir);
/* As yaml_parse (yamltree.h), through c (NULL: none): the tree of an
 * entry with this text, else what yaml_parse makes of it. */
struct ynode	*yamlcache_parse(struct yamlcache *c, struct arena *a,
		    const char *path, const char *text, size_t len,
		    int first_line);
/* Write the entries this build used (atomically) and free c. */
void		 yamlcache_save(struct yamlcache *c);
void		 yamlcache_free(struct yamlcache *c);

#endif
