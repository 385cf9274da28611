#ifndef GONGKAI_RENDERCACHE_H
#define GONGKAI_RENDERCACHE_H
/*
 * rendercache: which pages a rebuild need not render again (issue 8:
 * "a rebuild redoes only the pages whose inputs changed").
 *
 * A page's output is a function of
 *   - the frame: the binary, the options, and every input besides
 *     content/ (site.yaml, classification, layouts, themes), as a digest
 *     of their metadata (stamp_digest);
 *   - the listing: what a content page may show of the others. For
 *     every page of the model: its source path, URL, title and front
 *     matter bytes (a page's first paragraph, which lists show when it
 *     has no summary, is on no other content page); the site's update
 *     date (the newest of all pages'); the files copied from content/
 *     (a page's published revisions are linked from its own 修訂紀錄
 *     only);
 *   - its own: the bytes of its Markdown file, its update date, its
 *     修訂紀錄 (each revision's commit, author, subject, time and page)
 *     and whether it has uncommitted changes (for a published revision,
 *     those of the page it is a revision of: what the revision shows of
 *     git is a function of those commits). A new commit thus renders
 *     again the pages it touched and, when it moves the site's update
 *     date, every page (each shows that date).
 * rendercache_page_digest combines the three for content pages and
 * published revisions. A listing (a section, the home page, the
 * classification pages, 網站導覽) shows of other pages only what the site
 * digest holds and what rendercache_listing_digest adds: each page's
 * summary (its first paragraph when the front matter has none), dates
 * and uncommitted state; besides, the FAQ index shows every answer
 * (kindview_shows_bodies: it takes its pages' source digests). An edit
 * below a page's first paragraph thus renders that page and the FAQ
 * index if it is a question, and keeps the other listings. The search
 * and audit pages are always rendered.
 *
 * SITE/.gongkai/render.cache holds, per output file: the digest its
 * inputs had, the length and hash of the bytes written, and the
 * published file's mtime after the build. A page may be kept when its
 * digest is equal and the published file still has that length and
 * mtime (write_keep). The file is tied to the binary (fs_exe_stamp: its
 * bytes) and to the output folder (its real path); a missing, foreign or
 * damaged file is an empty cache. Lookups and additions are thread-safe.
 */
#include <stddef.h>
#include <stdint.h>

#include "pathtab.h"

struct site;
struct page;

struct rendercache {
	char			*site_dir;
	char			*out_dir;	/* as given; NULL: disabled */
	char			 stamp[64];	/* the binary's identity */
	/* set by the caller before the build reads anything: the frame's
	 * digest (stamp_digest; 0: nothing is reused) */
	uint64_t		 frame;
	struct pathtab		 pages;		/* old: the last build's; now:
						 * this build's */
};

/* Whether SITE_DIR/.gongkai/render.cache, made by this binary for
 * OUT_DIR, knows pages (rendercache_load would find some): a rebuild.
 * Reads its first line only. */
int	rendercache_known(const char *site_dir, const char *out_dir);
/* Read SITE_DIR/.gongkai/render.cache made for OUT_DIR. */
void	rendercache_load(struct rendercache *c, const char *site_dir,
	    const char *out_dir);

/* The site digest of s, mixed with frame (0: nothing may be reused; the
 * result is then 0 too). */
uint64_t rendercache_site_digest(const struct site *s, uint64_t frame);
/* What listings show of every page (after render_markdown), hashed; it
 * reads nothing the site digest does, so the two may be taken on two
 * threads. */
uint64_t rendercache_listing_fields(const struct site *s);
/* The listing digest: the fields under the site digest (0: 0). */
uint64_t rendercache_listing_digest(uint64_t site, uint64_t fields);
/* p's digest under the site and listing digests; 0 for a page always
 * rendered. */
uint64_t rendercache_page_digest(const struct page *p, uint64_t site,
	    uint64_t listing);

/* sitemap.xml's digest under the site digest: every page's URL and the
 * date it gives it (site_page_updated); 0 when site is. */
uint64_t rendercache_sitemap_digest(const struct site *s, uint64_t site);
/* The previous build's entry for path when its digest was inputs (not 0),
 * else NULL. */
const struct pathtab_entry *rendercache_find(const struct rendercache *c,
	    const char *path, uint64_t inputs);
/* Remember path's bytes (hash, len) and their digest (0: forget it). */
void	rendercache_add(struct rendercache *c, const char *path,
	    uint64_t inputs, uint64_t hash, size_t len);
/* After write_commit: write the cache atomically, with the published
 * files' mtimes from files (sorted by path: write_produced_files and
 * write_files_stat); free c. */
struct out_file;
void	rendercache_save(struct rendercache *c, const struct out_file *files,
	    size_t nfiles);
void	rendercache_free(struct rendercache *c);

#endif
