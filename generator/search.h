/*
 * search: the build-time full-text index for the search page (issue 7).
 *
 * Tokens: text is folded (full-width ASCII to half-width, U+3000 to a
 * space, ASCII case folded); runs of CJK characters give every single
 * character and every bigram, runs of ASCII letters and digits give words.
 * themes/default/static/js/search.js folds and tokenises queries the same
 * way. The index is written as script files under search/ so that the
 * search page works from file:// as well as over http:
 *
 *   search/meta.js     window.gongkaiSearch.meta({...}): document count,
 *                      shard count, the codes in use (filter options);
 *                      the filters are tokens "kind:faq", "theme:610" ...
 *   search/t/K.js      window.gongkaiSearch.add(K,{token:"postings"}):
 *                      tokens whose FNV-1a hash mod meta's shards is K;
 *                      postings are base-36 (doc delta * 4 + field),
 *                      field 3 title, 2 heading, 1 body
 *   search/d/K.js      window.gongkaiSearch.docs(K,[[url,title,kind,date,
 *                      text],...]): SEARCH_DOCS_PER_SHARD pages each
 *
 * The output depends only on the pages (sorted, no clock).
 */
#ifndef GK_SEARCH_H
#define GK_SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct site;
struct buf;

/* most token shards: 8, 16, ... doubled until a shard averages <= 16 KB */
#define SEARCH_SHARDS		4096
#define SEARCH_DOCS_PER_SHARD	20

/* Called once per file: rel is "search/meta.js" etc. */
typedef void (*search_put_fn)(void *arg, const char *rel, const char *data,
    size_t len);

/* Build the index of the site's content pages (after rendering). */
void	search_write(const struct site *s, search_put_fn put, void *arg);

/* Fold and tokenise text; calls fn for each token (NUL-terminated). */
void	search_tokens(const char *text, size_t len,
	    void (*fn)(void *arg, const char *tok, size_t n), void *arg);
uint32_t	search_hash(const char *s, size_t n);

#endif
