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
 *                      shard count, pages per bundle (SEARCH_GROUP), the
 *                      codes in use (filter options);
 *                      the filters are tokens "kind:faq", "theme:610" ...
 *   search/t/K.js      window.gongkaiSearch.add(K,{token:"postings"}):
 *                      tokens whose FNV-1a hash mod meta's shards is K;
 *                      postings are base-36 (doc delta * 4 + field),
 *                      field 3 title, 2 heading, 1 body, followed by
 *                      ".C" (base 36) when the token first occurs in the
 *                      page text in chunk C > 0
 *   search/d/G.js      window.gongkaiSearch.docs(F,[[url,title,kind,date,
 *                      iso date,summary,chunks,chunk 0 text],...]): the
 *                      pages of bundle G, F = G * SEARCH_GROUP onwards
 *   search/d/G-C.js    window.gongkaiSearch.text(C,{"D":text,...}): chunk
 *                      C >= 1 of the pages D of bundle G that have one
 *                      (no file when none has)
 *
 * The page text (tags dropped) is cut in chunks of SEARCH_CHUNK bytes; a
 * chunk's text also holds SEARCH_CHUNK_BEFORE bytes before it and
 * SEARCH_CHUNK_AFTER after it, so a token starting in the chunk is whole
 * in the file and the snippet has context. Pages are bundled by number,
 * SEARCH_GROUP consecutive pages a bundle (meta's "group"), so the index
 * is a few files per SEARCH_GROUP pages, not one or more per page. The
 * browser loads, for each result shown, the bundle with the page's first
 * chunk and at most one more: the one with the chunk where most of the
 * query's tokens first occur (each bundle once, however many results are
 * in it).
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
/* chunk size: ~500 CJK characters; a result costs at most two files */
#define SEARCH_CHUNK		1536
#define SEARCH_CHUNK_BEFORE	192
#define SEARCH_CHUNK_AFTER	384
/* the summary shown when the query is only in the title */
#define SEARCH_SUMMARY_CHARS	160
/* pages per bundle: on the 5000-page corpus 6,399 document files become
 * 1,762, and the first 20 results of the test queries load at most 215
 * KB (8 pages a bundle: 924 files, but 307 KB, over the 300 KB the search
 * suite allows; see README, Search) */
#define SEARCH_GROUP		4

/* Called once per file: rel is "search/meta.js" etc. */
typedef void (*search_put_fn)(void *arg, const char *rel, const char *data,
    size_t len);

/* Build the index of the site's content pages (after rendering), on
 * `threads` threads (0: the core count); put may be called from any of
 * them at once. The files are the same for any thread count. */
void	search_write(const struct site *s, int threads, search_put_fn put,
	    void *arg);

/*
 * A rebuild's index, from the last build's (issue 8: an edit costs the
 * pages it changed, not the whole index). The state holds the index as
 * the last build wrote it: each page's URL and a digest of what its entry
 * is made of (text, title, headings, summary, dates, codes), every token
 * with its postings, and the hash of every file written. search_update
 * makes the same files as search_write; when the pages are the same ones
 * in the same order and at most a quarter of them changed, only the
 * changed pages are read: their postings are replaced in the tokens
 * they had or have, and a shard or bundle whose bytes that does not
 * change is kept: keep(arg, rel, hash) returns 1 when the published rel
 * still holds the bytes with that hash64 (and takes it as written; the
 * caller knows: build.c's render cache), else 0 and the file is put.
 * Otherwise the whole index is made (and kept in the state).
 *
 * search_state_load reads SITE_DIR/.gongkai/search.cache made by this
 * binary for OUT_DIR (an empty state when it is missing, foreign or
 * damaged); search_state_save writes it atomically (after the output
 * was committed) and frees the state; search_state_free only frees.
 */
struct search_state;
typedef int (*search_keep_fn)(void *arg, const char *rel, uint64_t hash);

struct search_state *search_state_load(const char *site_dir,
	    const char *out_dir);
void	search_update(const struct site *s, int threads, search_put_fn put,
	    search_keep_fn keep, void *arg, struct search_state *st);
void	search_state_save(struct search_state *st);
void	search_state_free(struct search_state *st);

/* Fold and tokenise text; calls fn for each token (NUL-terminated). */
void	search_tokens(const char *text, size_t len,
	    void (*fn)(void *arg, const char *tok, size_t n), void *arg);
/* As search_tokens, with the byte offset in text where each token starts
 * (a bigram: its first character; offsets are of the unfolded text). */
void	search_tokens_at(const char *text, size_t len,
	    void (*fn)(void *arg, const char *tok, size_t n, size_t off),
	    void *arg);
uint32_t	search_hash(const char *s, size_t n);

/* Chunks of a text of len bytes (0 for an empty text). A token starting
 * at byte off is in chunk off / SEARCH_CHUNK. */
size_t	search_nchunks(size_t len);
/* The bytes [*from, *to) of text written for chunk c: the chunk with
 * SEARCH_CHUNK_BEFORE bytes before (none for chunk 0) and
 * SEARCH_CHUNK_AFTER after, both moved forward to a character start. */
void	search_chunk_span(const char *text, size_t len, size_t c,
	    size_t *from, size_t *to);

#endif
