#ifndef GONGKAI_MDCACHE_H
#define GONGKAI_MDCACHE_H
/*
 * mdcache: the last build's Markdown of every content page, so that a
 * rebuild renders again only the bodies that changed (issue 8). Every
 * page's HTML, summary and headings are needed by every build (lists
 * show summaries, the FAQ index every answer, the render cache's digests
 * read them), and rendering the corpus's 5,000 bodies took 120 ms of CPU.
 *
 * A page's Markdown is a function of its body, the line the body starts
 * on, its source path, and the site: the options and templates' folder
 * (the render cache's frame, rendercache.h) and every page's path and URL
 * (links to .md files resolve to them). The caller gives the
 * site's part as one key; an entry is a page's source path with its
 * body's hash64 and length and first line, and holds the HTML, the
 * summary, the headings and the messages the render printed (warnings:
 * a page whose Markdown had an error is not remembered), which a hit
 * prints and counts again. The entries live in
 * SITE/.gongkai/markdown.cache, a blobcache (blobcache.h: tied to the
 * binary and to the key, each entry checked by its hash, a build
 * appending what it rendered). Lookups and additions are thread-safe.
 */
#include <stddef.h>
#include <stdint.h>

struct page;
struct site;

struct mdcache;

/* The site's part of the key: every page's source path and URL, mixed
 * with frame (0: no cache; the result is then 0). */
uint64_t	 mdcache_site_key(const struct site *s, uint64_t frame);
/* Read SITE_DIR/.gongkai/markdown.cache made under key (0: a cache that
 * never hits nor saves). Never NULL. */
struct mdcache	*mdcache_load(const char *site_dir, uint64_t key);
/* When c holds p's Markdown for its body: p's html, auto_summary and
 * headings set, the messages printed and counted again, and 1. Else 0.
 * The strings are the cache's own, read-only where they lie (p->md_mapped
 * set: page_free_rendered frees only the headings array): valid until c
 * is saved or freed, after the pages are written. */
int		 mdcache_take(struct mdcache *c, struct page *p);
/* Remember p's Markdown (after render_markdown) and the messages it
 * printed, of which warnings were warnings. */
void		 mdcache_add(struct mdcache *c, const struct page *p,
		    const char *msgs, size_t msglen, size_t warnings);
/* Write the entries this build used (atomically) and free c. */
void		 mdcache_save(struct mdcache *c);
void		 mdcache_free(struct mdcache *c);

#endif
