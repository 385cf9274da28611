/*
 * build: the pipeline of `gongkai build` and `gongkai check`:
 * scan -> parse -> model -> render -> write.
 */
#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>

#include "audit.h"
#include "buf.h"
#include "build.h"
#include "check.h"
#include "checkcache.h"
#include "classify.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "fmcache.h"
#include "frontmatter.h"
#include "fs.h"
#include "history.h"
#include "kinds.h"
#include "mdcache.h"
#include "outpath.h"
#include "pool.h"
#include "progress.h"
#include "render.h"
#include "rendercache.h"
#include "revisions.h"
#include "scan.h"
#include "search.h"
#include "feed.h"
#include "site.h"
#include "stamp.h"
#include "supervise.h"
#include "util.h"
#include "write.h"
#include "yamlcache.h"

#ifndef DATADIR
#define DATADIR "/usr/local/share/gongkai"
#endif

struct build_opts {
	const char	*site_dir;
	const char	*out_dir;	/* NULL: check only */
	int		 strict;
	int		 quiet;
	struct date	 today;		/* --today; year 0 when not given */
	int		 all;		/* --all: every site under sites/ */
	int		 jobs;		/* -j N; 0: the core count */
	int		 no_check;	/* --no-check: no libtidy, no a11y rules */
	int		 verbose;	/* --verbose: time of each phase */
	const struct build_progress *progress;	/* NULL: none */
};

/* The options of build and check, to f (all of them on stdout: --help). */
static void
usage_lines(FILE *f, const char *cmd)
{
	int build = strcmp(cmd, "build") == 0;

	fprintf(f, "用法 (usage): gongkai %s [--site DIR]%s [--today "
	    "YYYY-MM-DD] [--strict]\n    [--no-check] [-j N] [--verbose] "
	    "[--quiet]\n", cmd, build ? " [--all] [--out DIR]" : "");
	if (f != stdout)
		return;
	fputs("\n  --site DIR, -s DIR  網站資料夾，預設目前資料夾 (the site; "
	    "default .)\n", f);
	if (build)
		fputs("  --out DIR, -o DIR   輸出資料夾，預設 SITE/public (default "
		    "SITE/public)\n"
		    "  --all               建置 sites/ 下的每個網站 (every site "
		    "under sites/)\n", f);
	fputs("  --today YYYY-MM-DD  以這一天檢查期限 (the date deadlines are "
	    "checked against)\n"
	    "  --strict            警告也算錯誤 (warnings fail the build)\n"
	    "  --no-check          不做 HTML 與無障礙檢查 (skip the HTML and "
	    "accessibility checks)\n"
	    "  -j N                使用 N 個核心，0 為全部 (N cores; 0, the "
	    "default: all)\n"
	    "  --verbose, -v       列出每個階段的時間與記憶體 (time and memory "
	    "of each phase)\n"
	    "  --quiet, -q         只印警告與錯誤 (only warnings and errors)\n",
	    f);
}

static int
usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "gongkai %s: %s%s%s\n", cmd, msg, arg ? " " : "",
	    arg ? arg : "");
	usage_lines(stderr, cmd);
	return 2;
}

static int
parse_args(const char *cmd, int argc, char **argv, struct build_opts *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--site") == 0 || strcmp(a, "-s") == 0) {
			if (++i >= argc)
				return usage_error(cmd, "--site 需要資料夾 (needs DIR)", NULL);
			o->site_dir = argv[i];
		} else if ((strcmp(a, "--out") == 0 || strcmp(a, "-o") == 0) &&
		    o->out_dir != NULL) {
			if (++i >= argc)
				return usage_error(cmd, "--out 需要資料夾 (needs DIR)", NULL);
			o->out_dir = argv[i];
		} else if (strcmp(a, "--strict") == 0) {
			o->strict = 1;
		} else if (strcmp(a, "--today") == 0) {
			if (++i >= argc || date_parse(argv[i], &o->today) < 0 ||
			    strlen(argv[i]) != 10)
				return usage_error(cmd, "--today 需要日期 YYYY-MM-DD "
				    "(needs a date)", i < argc ? argv[i] : NULL);
		} else if (strcmp(a, "--all") == 0 && o->out_dir != NULL) {
			o->all = 1;
		} else if (strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) {
			o->quiet = 1;
		} else if (strcmp(a, "-j") == 0 || strncmp(a, "-j", 2) == 0) {
			const char *v = a[2] ? a + 2 : (++i < argc ? argv[i] : NULL);
			char *end;
			long n = v ? strtol(v, &end, 10) : -1;

			if (v == NULL || *end != '\0' || n < 0 || n > 64)
				return usage_error(cmd, "-j 需要 0 到 64 的數字 "
				    "(needs N, 0 = all cores)", v);
			o->jobs = (int)n;
		} else if (strcmp(a, "--no-check") == 0) {
			o->no_check = 1;
		} else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
			o->verbose = 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage_lines(stdout, cmd);
			return -1;
		} else {
			return usage_error(cmd, "未知的選項 (unknown option)", a);
		}
	}
	return 0;
}

/* themes/NAME in the site, else in root (build --all: the repository
 * holding sites/), else beside the binary, else DATADIR. */
static void
find_theme(struct config *cfg, const char *root)
{
	char *exe, *p;

	if (fs_is_dir(cfg->theme_dir))
		return;
	if (root != NULL) {
		p = arena_printf(&cfg->arena, "%s/themes/%s", root, cfg->theme);
		if (fs_is_dir(p)) {
			cfg->theme_dir = p;
			return;
		}
	}
	if ((exe = fs_exe_dir()) != NULL) {
		p = arena_printf(&cfg->arena, "%s/themes/%s", exe, cfg->theme);
		free(exe);
		if (fs_is_dir(p)) {
			cfg->theme_dir = p;
			return;
		}
	}
	p = arena_printf(&cfg->arena, "%s/themes/%s", DATADIR, cfg->theme);
	if (fs_is_dir(p)) {
		cfg->theme_dir = p;
		return;
	}
	diag_error(cfg->path, 0, 0, "找不到佈景主題「%s」 (theme not found; "
	    "looked in %s)", cfg->theme, cfg->theme_dir);
}

/* parse: read each source and its front matter into a page, and check
 * its classification codes against the vocabularies. Pages are parsed on
 * every core, each worker allocating from its own arena. */
struct parse_job {
	const struct scan	*sc;
	const struct classify	*cls;
	struct yamlcache	*yaml;		/* or NULL */
	struct fmcache		*fm;		/* or NULL */
	struct arena		*arenas;	/* one per worker */
	struct page		**pages;	/* by scan index; NULL: skipped */
	int			 dirfd;		/* content/, or AT_FDCWD */
};

static void
parse_one(void *ctx, size_t i, int worker)
{
	struct parse_job *j = ctx;
	const struct scanned *in = &j->sc->pages[i];
	struct arena *a = &j->arenas[worker];
	struct page *p = arena_alloc(a, sizeof(*p));
	char *kept;
	size_t len;

	p->rel = arena_strdup(a, in->rel);
	p->path = arena_strdup(a, in->path);
	p->section = arena_strdup(a, in->section);
	p->type = in->type;
	p->kind = page_kind_for_section(p->section);
	/* the page keeps pointers into its text: read into the arena */
	if ((kept = fs_read_file_arena(j->dirfd, j->dirfd != AT_FDCWD ?
	    in->rel : in->path, a, &len)) == NULL) {
		diag_error(in->path, 0, 0, "無法讀取 (cannot read): %s",
		    strerror(errno));
		return;
	}
	/* a page with front-matter errors stays in the model so its body and
	 * the links to it are still checked */
	len = strlen(kept);
	/* what the render cache knows the page by (rendercache.h) */
	p->src_hash = hash64(kept, len);
	fmcache_parse(j->fm, j->yaml, a, kept, len, p->src_hash, p);
	p->fm_hash = hash64(kept, p->body >= kept && p->body <= kept + len ?
	    (size_t)(p->body - kept) : len);
	if (p->draft)
		return;
	classify_check_page(j->cls, p);
	j->pages[i] = p;
}

static void
parse_pages(struct site *s, const struct scan *sc, const struct classify *cls,
    int threads)
{
	struct parse_job j;
	size_t i;

	if (threads < 1)
		threads = pool_default_threads();
	j.sc = sc;
	j.cls = cls;
	j.yaml = s->yaml;
	j.fm = s->fm;
	j.arenas = xcalloc((size_t)threads, sizeof(*j.arenas));
	j.pages = xcalloc(sc->npages + 1, sizeof(*j.pages));
	/* the sources by their paths under content/ */
	j.dirfd = open(s->content_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (j.dirfd < 0)
		j.dirfd = AT_FDCWD;
	pool_for(sc->npages, threads, parse_one, &j);
	if (j.dirfd != AT_FDCWD)
		close(j.dirfd);
	for (i = 0; i < (size_t)threads; i++)
		arena_adopt(&s->arena, &j.arenas[i]);
	for (i = 0; i < sc->npages; i++)
		if (j.pages[i] != NULL)
			site_add_page(s, j.pages[i]);
	free(j.arenas);
	free(j.pages);
}

/* Every local menu link must reach a page or a copied file. */
static void
check_menus(const struct site *s)
{
	const struct config *c = s->cfg;
	const struct menu_item *lists[] = { c->menu, c->footer_menu };
	size_t counts[] = { c->nmenu, c->nfooter_menu };
	size_t l, i, k;

	for (l = 0; l < 2; l++)
		for (i = 0; i < counts[l]; i++) {
			const struct menu_item *m = &lists[l][i];
			int found = m->url[0] != '/' ||
			    site_find_url(s, m->url) != NULL;

			for (k = 0; !found && k < s->nstatics; k++)
				found = strcmp(s->statics[k].out, m->url + 1) == 0;
			if (!found)
				diag_error(c->path, m->line, m->col,
				    "選單連結 %s 找不到對應的頁面 (menu link to a "
				    "missing page)", m->url);
		}
}

/* The badge image must be a page-free file gongkai copies, or a URL. */
static void
check_badge(const struct site *s)
{
	const struct badge *b = &s->cfg->badge;
	size_t k;

	if (b->image[0] != '/')
		return;
	for (k = 0; k < s->nstatics; k++)
		if (strcmp(s->statics[k].out, b->image + 1) == 0)
			return;
	diag_error(s->cfg->path, b->line, b->col,
	    "無障礙標章圖檔 %s 不存在，請放在 content/ 之下 (badge image not "
	    "found)", b->image);
}

/* A robots.txt in content/ replaces the generated one; sitemap.xml is
 * always gongkai's, so it stays complete. */
static int
static_robots(const struct site *s)
{
	size_t k;
	int found = 0;

	for (k = 0; k < s->nstatics; k++) {
		if (strcmp(s->statics[k].out, "robots.txt") == 0)
			found = 1;
		if (strcmp(s->statics[k].out, "sitemap.xml") == 0)
			diag_error(s->statics[k].src, 1, 1, "sitemap.xml 由 gongkai "
			    "產生，請移除此檔 (sitemap.xml is generated; remove "
			    "this file)");
	}
	return found;
}

/* What the last build into the output folder left for this one: the
 * pages it rendered (rendercache.h) and its search index (search.h).
 * NULL members: none. */
struct last_build {
	/* the render cache's frame digest, taken before the build read
	 * anything (render_cache_frame), and whether its file knows pages
	 * (a rebuild); the file itself and the search index are read on a
	 * thread of their own while the pages are parsed (last_build_load:
	 * 5-8 ms on the corpus that no longer wait for the parse), and
	 * last_build_join comes before either is read */
	uint64_t		 frame;
	int			 known;
	const char		*site_dir, *out_dir;
	struct rendercache	*render;
	struct search_state	*search;
	struct pool_task	 loader;
	struct yamlcache	*yaml;
	struct fmcache		*fm;
	struct mdcache		*md;		/* loaded by build_into */
	struct checkcache	*check;		/* this build's, to save */
	/* when saved: what the build left in the output folder */
	const struct out_file	*files;
	size_t			 nfiles;
	/* the stamp's inputs (stamp.h: stamp_walk), walked beside the
	 * pages by build_into when roots is set */
	const char *const	*roots;
	size_t			 nroots;
	long long		 since;
	struct stamp_inputs	*inputs;
	pthread_t		 walker;
	int			 walking;
};

static void *
last_build_load(void *arg)
{
	struct last_build *l = arg;

	/* in the time the history step leaves, not taken from it */
	pool_background(10);
	l->render = xcalloc(1, sizeof(*l->render));
	rendercache_load(l->render, l->site_dir, l->out_dir);
	l->render->frame = l->frame;
	l->search = search_state_load(l->site_dir, l->out_dir);
	return NULL;
}

/* Start reading the render cache and the search index (NULL: none). */
static void
last_build_start(struct last_build *l)
{
	if (l != NULL && !l->loader.started)
		pool_task_start(&l->loader, last_build_load, l);
}

/* They are read (started now if they were not). */
static void
last_build_join(struct last_build *l)
{
	if (l == NULL)
		return;
	last_build_start(l);
	pool_task_join(&l->loader);
}

static void *
inputs_walker(void *arg)
{
	struct last_build *l = arg;

	/* idle work: the history step, the biggest page and the other
	 * files come first, this takes a core they leave (its result is
	 * wanted after them) */
	pool_background(19);
	l->inputs = stamp_walk(l->roots, l->nroots, l->since);
	return NULL;
}

/* Output paths under prefix ("" for one site, "AGENCY/" for --all). */
static void
put_file(struct output *out, const char *prefix, const char *rel,
    const char *data, size_t len)
{
	char *path = fs_join(prefix, rel);

	write_file(out, prefix[0] ? path : rel, data, len);
	free(path);
}

static void
put_copy(struct output *out, const char *prefix, const char *rel,
    const char *src)
{
	char *path = fs_join(prefix, rel);

	write_copy(out, prefix[0] ? path : rel, src);
	free(path);
}

struct search_out {
	struct output		*out;
	const char		*prefix;
	struct rendercache	*rc;	/* search files: NULL, not recorded */
};

static void
search_put(void *arg, const char *rel, const char *data, size_t len)
{
	struct search_out *so = arg;

	put_file(so->out, so->prefix, rel, data, len);
}

/* The search index's files are recorded in the render cache by their
 * bytes' hash, so that the next build can keep them (search.h). */
static void
search_file_put(void *arg, const char *rel, const char *data, size_t len)
{
	struct search_out *so = arg;
	uint64_t h = hash64(data, len);

	search_put(arg, rel, data, len);
	if (so->rc != NULL)
		rendercache_add(so->rc, rel, h != 0 ? h : 1, h, len);
}

static int
search_file_keep(void *arg, const char *rel, uint64_t hash)
{
	struct search_out *so = arg;
	const struct pathtab_entry *e;

	hash = hash != 0 ? hash : 1;
	if (so->rc == NULL || so->prefix[0] != '\0' ||
	    (e = rendercache_find(so->rc, rel, hash)) == NULL ||
	    !write_keep(so->out, rel, e->len, e->mtime))
		return 0;
	rendercache_add(so->rc, rel, hash, e->hash, e->len);
	return 1;
}

/* The search index (search_update), its messages kept for the caller. */
struct search_run {
	const struct site	*site;
	struct search_out	 so;
	struct search_state	*state;
	int			 threads;
	struct buf		 diags;
};

static void *
search_run(void *arg)
{
	struct search_run *sr = arg;
	struct buf *was = diag_capture(&sr->diags);

	search_update(sr->site, sr->threads, search_file_put, search_file_keep,
	    &sr->so, sr->state);
	diag_capture(was);
	return NULL;
}

/* sitemap.xml, kept when every page's URL and date and the site digest
 * are the last build's (an edit that is not committed changes neither:
 * rendering it was 10 ms of the corpus's) and the published file is
 * intact. */
static void
write_sitemap_xml(const struct site *site, struct renderer *r,
    struct output *out, const char *prefix, struct rendercache *rc,
    uint64_t site_digest)
{
	uint64_t inputs = rc != NULL && prefix[0] == '\0' ?
	    rendercache_sitemap_digest(site, site_digest) : 0;
	const struct pathtab_entry *e;
	struct buf b = BUF_INIT;

	if ((e = rendercache_find(rc, "sitemap.xml", inputs)) != NULL &&
	    write_keep(out, "sitemap.xml", e->len, e->mtime)) {
		rendercache_add(rc, "sitemap.xml", inputs, e->hash, e->len);
		return;
	}
	if (render_sitemap_xml(r, &b) == 0) {
		put_file(out, prefix, "sitemap.xml", b.data, b.len);
		if (inputs != 0)
			rendercache_add(rc, "sitemap.xml", inputs,
			    hash64(b.data, b.len), b.len);
	}
	buf_free(&b);
}

/* Write sitemap.xml, the search index (search.c), the Atom feeds (feed.c)
 * and (unless content/ has one) robots.txt. With more than one thread the
 * search index, the longest of them (an edit's doc digests and postings,
 * 20-25 ms on the corpus), is made on a thread of its own beside the
 * others; its messages follow theirs either way. */
static void
write_generated_files(const struct site *site, struct renderer *r,
    struct output *out, const char *prefix, int robots, int threads,
    struct last_build *last, uint64_t site_digest)
{
	struct buf b = BUF_INIT;
	struct search_out so = { out, prefix, NULL };
	struct search_run sr = { site, { out, prefix, NULL }, NULL, threads,
	    BUF_INIT };
	struct pool_task task = { 0 };

	sr.so.rc = last != NULL ? last->render : NULL;
	sr.state = last != NULL ? last->search : NULL;
	if (threads > 1)
		pool_task_start(&task, search_run, &sr);
	write_sitemap_xml(site, r, out, prefix, sr.so.rc, site_digest);
	if (!robots && render_robots(r, &b) == 0)
		put_file(out, prefix, "robots.txt", b.data, b.len);
	buf_free(&b);
	feed_write(site, search_put, &so);
	if (threads > 1)
		pool_task_join(&task);
	else
		search_run(&sr);
	diag_write(sr.diags.data, sr.diags.len);
	buf_free(&sr.diags);
}

/* The history walk runs beside parsing: it needs only the config. */
static void *
history_thread(void *arg)
{
	struct site_model *m = arg;
	double t0 = now_ms();

	/* every thread -j gives: the walk outlasts parsing (on 50,000
	 * pages, 12 s against 2.6 s), and with half of them it took 29 s */
	m->rev = revisions_open(&m->cfg, m->strict, m->jobs);
	m->walk_ms = now_ms() - t0;
	return NULL;
}

/* Give the memory freed so far back to the system: the history walk's
 * threads freed their repositories and tree caches, but glibc keeps what
 * a thread freed in that thread's arena, counted in the process's
 * memory while the revisions and pages then allocate more. */
static void
trim_heap(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

void
build_load_model(struct site_model *m, const char *site_dir,
    const char *theme_root, int strict)
{
	struct site *site = &m->site;
	struct scan sc;
	size_t i;
	double t = now_ms(), t1;

	config_load(site_dir, &m->cfg);
	find_theme(&m->cfg, theme_root);
	classify_load(&m->cls, site_dir);
	for (i = 0; i < NSCHEMES; i++)
		classify_check_list(&m->cls, (enum scheme)i, m->cfg.path,
		    &m->cfg.classification[i]);
	/* history: one walk (cached), on its own thread while pages parse */
	m->strict = strict;
	m->walking = pthread_create(&m->walker, NULL, history_thread, m) == 0;
	if (!m->walking)
		history_thread(m);
	site_init(site, &m->cfg);
	site->cls = &m->cls;
	site->yaml = m->yaml;
	site->fm = m->fm;
	site->content_dir = strcmp(site_dir, ".") == 0 ? "content" :
	    arena_printf(&site->arena, "%s/content", site_dir);
	t1 = now_ms();
	m->ms[PHASE_CONFIG] = t1 - t;
	m->kb[PHASE_CONFIG] = peak_rss_kb();
	if (scan_site(site, &sc) == 0)
		parse_pages(site, &sc, &m->cls, m->jobs);
	scan_free(&sc);
	t = now_ms();
	m->ms[PHASE_PARSE] = t - t1;
	m->kb[PHASE_PARSE] = peak_rss_kb();
	site_build(site);
	/* reports find their plans, FAQ their related pages */
	kinds_link(site);
	t1 = now_ms();
	m->ms[PHASE_MODEL] = t1 - t;
	m->kb[PHASE_MODEL] = peak_rss_kb();
}

void
build_load_history(struct site_model *m)
{
	struct site *site = &m->site;
	double t, t1;

	if (m->walking)
		pthread_join(m->walker, NULL);
	m->walking = 0;
	trim_heap();
	t1 = now_ms();
	/* every page's revisions */
	revisions_attach(m->rev, site);
	revisions_publish(m->rev, site);
	revisions_release(m->rev);	/* git has given all it will */
	check_menus(site);
	check_badge(site);
	t = now_ms();
	/* the walk itself (beside parsing), then the pages' revisions */
	m->ms[PHASE_HISTORY] = m->walk_ms + (t - t1);
	m->kb[PHASE_HISTORY] = peak_rss_kb();
}

void
build_load(struct site_model *m, const char *site_dir, const char *theme_root,
    int strict)
{
	build_load_model(m, site_dir, theme_root, strict);
	build_load_history(m);
}

void
build_unload(struct site_model *m)
{
	revisions_close(m->rev);
	site_free(&m->site);
	classify_free(&m->cls);
	config_free(&m->cfg);
}

struct date
build_default_today(const struct site *s)
{
	struct date d = site_updated(s);

	if (d.year == 0)
		audit_today(s->cfg->timezone, &d);
	return d;
}

/* ------------------------------------------------------------------ */
/* Rendering on every core                                             */

/* One line of --verbose: a phase's time and the peak memory after it. */
static void
print_phase(const char *name, double ms, long kb, const char *zh)
{
	fprintf(stderr, "  %-9s %8.1f ms %6ld MiB  %s\n", name, ms, kb / 1024,
	    zh);
}

/* --verbose: where the time went, so the next bottleneck is visible. */
static void
print_phases(const struct site_model *m, size_t pages, int threads)
{
	static const char *const names[][2] = {
		{ "config", "設定與詞彙" }, { "parse", "讀取與前置資料" },
		{ "model", "模型" }, { "history", "git 歷史（與 parse 同時進行）" },
		{ "markdown", "Markdown（重建時與 history 同時進行）" },
		{ "pages", "樣板、檢查與寫出" },
		{ "files", "其他檔案" }, { NULL, NULL }
	};
	size_t k;

	fprintf(stderr, "gongkai: %zu 頁，%d 個執行緒 (%zu pages, %d threads)\n",
	    pages, threads, pages, threads);
	for (k = 0; names[k][0] != NULL; k++)
		print_phase(names[k][0], m->ms[k], m->kb[k], names[k][1]);
}

/* Pages are independent from here on: the model is read-only, each page
 * writes its own fields and its own output file. */
struct render_job {
	struct site		*site;
	struct renderer		*r;
	struct output		*out;
	const char		*prefix;
	struct buf		*scratch;	/* one per worker */
	/* the checks (NULL with --no-check) and their source maps */
	struct checker		*ck;
	struct checkcache	*cc;	/* clean pages of the last build */
	struct markdown_srcmap	*md_maps;	/* one per current page */
	struct template_srcmap	*tmaps;		/* one per worker */
	/* the check cache knows pages: most will not be checked, so the
	 * source maps are made only for those that are (page_one) */
	int			 lazy_maps;
	/* the last build's Markdown (mdcache.h; NULL: none) */
	struct mdcache		*mdc;
	/* the pages of the last build (NULL: render every page), and the
	 * listing digest of this one (rendercache.h) */
	struct rendercache	*rc;
	uint64_t		 site_digest, listing_digest;
	uint64_t		*inputs;	/* each page's digest (with rc) */
	atomic_size_t		 kept;		/* pages not rendered */
	size_t			 nrender;	/* to render (render_order) */
	const struct build_progress *progress;	/* NULL: none */
	atomic_size_t		 done;		/* pages finished */
	size_t			 total;
};

/* The current pages, then the published revisions. */
static struct page *
job_page(const struct site *s, size_t i)
{
	return i < s->npages ? s->pages[i] : s->revpages[i - s->npages];
}

/* The current pages' Markdown, before any page is rendered: lists and
 * the search index read it. */
static void
markdown_one(void *ctx, size_t i, int worker)
{
	struct render_job *j = ctx;
	struct page *p = j->site->pages[i];
	struct markdown_srcmap *map = j->md_maps != NULL && !j->lazy_maps ?
	    &j->md_maps[i] : NULL;
	struct buf msgs = BUF_INIT, *was;
	size_t e0, w0, e1, w1;

	(void)worker;
	if (map != NULL || j->mdc == NULL) {
		render_markdown_mapped(j->site, p, map);
		return;
	}
	/* the last build's, when the body is the same (mdcache.h); else
	 * rendered and remembered with its messages, unless it had errors */
	if (mdcache_take(j->mdc, p))
		return;
	was = diag_capture(&msgs);
	diag_thread_counts(&e0, &w0);
	render_markdown_mapped(j->site, p, NULL);
	diag_thread_counts(&e1, &w1);
	diag_capture(was);
	if (e1 == e0)
		mdcache_add(j->mdc, p, msgs.data, msgs.len, w1 - w0);
	diag_write(msgs.data, msgs.len);
	buf_free(&msgs);
}

/* The files besides the pages (write_generated_files, the copies) on a
 * thread of their own, their messages kept for the caller to print after
 * the pages'. */
struct files_run {
	const struct site	*site;
	struct renderer		*r;
	struct output		*out;
	const char		*prefix;
	int			 robots, threads, started;
	struct last_build	*last;
	uint64_t		 site_digest;	/* 0: no render cache */
	pthread_t		 thread;
	struct buf		 diags;
	double			 ms;
};

static void *
files_thread(void *arg)
{
	struct files_run *f = arg;
	struct buf *was = diag_capture(&f->diags);
	double t = now_ms();
	size_t i;

	write_generated_files(f->site, f->r, f->out, f->prefix, f->robots,
	    f->threads, f->last, f->site_digest);
	for (i = 0; i < f->site->nstatics; i++)
		put_copy(f->out, f->prefix, f->site->statics[i].out,
		    f->site->statics[i].src);
	f->ms = now_ms() - t;
	diag_capture(was);
	return NULL;
}

/* At most this many pages to render, and the files are made beside them. */
#define PAGES_BESIDE_FILES	16

/* Every current page's Markdown on a thread of its own (and its pool's),
 * its messages kept for the caller to print after its own. */
struct markdown_run {
	struct render_job	*job;
	/* the last build's Markdown, loaded first on the thread (NULL:
	 * none): the main thread meanwhile attaches the history */
	const char		*site_dir;
	uint64_t		 key;
	struct last_build	*last;
	int			 threads, started;
	pthread_t		 thread;
	struct buf		 diags;
	double			 ms;
};

static void *
markdown_thread(void *arg)
{
	struct markdown_run *md = arg;
	struct buf *was = diag_capture(&md->diags);
	double t = now_ms();

	if (md->last != NULL)
		md->job->mdc = md->last->md = mdcache_load(md->site_dir,
		    md->key);
	pool_for(md->job->site->npages, md->threads, markdown_one, md->job);
	md->ms = now_ms() - t;
	diag_capture(was);
	return NULL;
}

/*
 * An old revision is checked for what its templates' own text wrote, so
 * the HTML its templates interpolated raw (the old content, the diff) is
 * cut out before the check: libtidy and the rules then read the page's
 * frame only, and problems of old content cannot surface at a template
 * line either. Revisions were over a quarter of the HTML the checks read.
 * out gets the page without those spans, cut the template map shifted to
 * match.
 */
static void
history_frame(const struct buf *html, const struct template_srcmap *tmap,
    struct buf *out, struct template_srcmap *cut)
{
	size_t i, from = 0, gone = 0;

	for (i = 0; i < tmap->n; i++) {
		const struct template_srcpos *e = &tmap->v[i];

		if (e->interp && e->markup) {
			/* exactly the value's bytes (a partial's indentation
			 * after it stays) */
			buf_append(out, html->data + from, e->off - from);
			from = e->off + e->len;
			gone += e->len;
			continue;
		}
		if (cut->n == cut->cap) {
			cut->cap = cut->cap ? cut->cap * 2 : 64;
			cut->v = xrealloc(cut->v, cut->cap * sizeof(*cut->v));
		}
		cut->v[cut->n] = *e;
		cut->v[cut->n].off -= gone;
		cut->n++;
	}
	buf_append(out, html->data + from, html->len - from);
}

/*
 * check: libtidy and the accessibility rules on a finished HTML page, with
 * findings placed at the Markdown line (md_map, offsets in p->html) or the
 * template line (tmap). An old revision (md_map NULL) is checked for what
 * its templates wrote only: its content is history, not today's error.
 * order: the page's place in the build, for findings printed at the end.
 */
static void
check_rendered(struct checker *ck, const struct page *p, const struct buf *html,
    const struct markdown_srcmap *md_map, const struct template_srcmap *tmap,
    size_t order, size_t *nfindings, uint64_t tidy_clean,
    uint64_t *tidy_digest)
{
	struct check_source src;
	size_t i, n = strlen(p->out);

	if (n < 5 || strcmp(p->out + n - 5, ".html") != 0)
		return;
	if (md_map == NULL && tmap != NULL) {
		struct buf frame = BUF_INIT;
		struct template_srcmap cut = { NULL, 0, 0 };

		history_frame(html, tmap, &frame, &cut);
		memset(&src, 0, sizeof(src));
		src.out_path = p->out;
		src.tmpl_map = &cut;
		src.history = 1;
		src.order = order;
		src.nfindings = nfindings;
		src.tidy_clean = tidy_clean;
		src.tidy_digest = tidy_digest;
		check_page(ck, buf_cstr(&frame), frame.len, &src);
		buf_free(&frame);
		template_srcmap_free(&cut);
		return;
	}
	memset(&src, 0, sizeof(src));
	src.out_path = p->out;
	src.tmpl_map = tmap;
	src.history = md_map == NULL;
	src.order = order;
	src.nfindings = nfindings;
	src.tidy_clean = tidy_clean;
	src.tidy_digest = tidy_digest;
	/* the Markdown HTML is where the template interpolated p->html */
	for (i = 0; md_map != NULL && p->html != NULL && p->html[0] != '\0' &&
	    i < tmap->n; i++)
		if (tmap->v[i].value == p->html) {
			src.md_path = p->path;
			src.md_map = md_map;
			src.frag_start = tmap->v[i].off;
			src.frag_end = tmap->v[i].off + tmap->v[i].len;
			break;
		}
	check_page(ck, html->data, html->len, &src);
}

/*
 * A page whose inputs are those of the last build (rendercache.h) is not
 * rendered: its published file stays as it is, and with checks, it must
 * have checked clean (a page with findings reports them every time).
 */
static int
page_kept(struct render_job *j, const struct page *p, uint64_t inputs)
{
	const struct pathtab_entry *e = rendercache_find(j->rc, p->out,
	    inputs);

	if (e == NULL)
		return 0;
	if (j->ck != NULL && (j->cc == NULL ||
	    !checkcache_clean(j->cc, p->out, e->hash, e->len)))
		return 0;
	if (!write_keep(j->out, p->out, e->len, e->mtime))
		return 0;
	if (j->ck != NULL)
		checkcache_add(j->cc, p->out, e->hash, e->len,
		    checkcache_tidy_clean(j->cc, p->out));
	rendercache_add(j->rc, p->out, inputs, e->hash, e->len);
	atomic_fetch_add(&j->kept, 1);
	return 1;
}

static void
page_one(void *ctx, size_t i, int worker)
{
	struct render_job *j = ctx;
	struct page *p = job_page(j->site, i);
	struct buf *html = &j->scratch[worker];
	struct template_srcmap *tmap = j->ck ? &j->tmaps[worker] : NULL;
	int current = i < j->site->npages;
	/* With a check cache that knows pages, most pages will not be
	 * checked: render them without the source maps (only a check needs
	 * them), and render again with them the few that are. */
	int lazy = tmap != NULL && j->lazy_maps, maps;
	uint64_t inputs = 0, h = 0;

	if (j->rc != NULL) {
		inputs = j->inputs[i];
		if (page_kept(j, p, inputs))
			goto done;
	}
	/* A listing rendered in a rebuild is what an edit changes besides
	 * the page, and may be the biggest page of the site (an FAQ index
	 * of every answer): made with its maps at once, not rendered a
	 * second time for its check. */
	maps = tmap != NULL && (!lazy || (j->rc != NULL && j->site_digest != 0 &&
	    (inputs == 0 || (p->type != PAGE_REGULAR &&
	    p->type != PAGE_REVISION))));
	buf_reset(html);
	if (tmap != NULL)
		tmap->n = 0;
	if (!current) {
		/* an old revision's Markdown and comparison are read by its
		 * own page only: made here and freed once it is written.
		 * Its problems are history, not today's errors. */
		diag_suspend();
		render_markdown_mapped(j->site, p, NULL);
		diag_resume();
	}
	if (render_page_mapped(j->r, p, html, maps ? tmap : NULL) < 0) {
		if (!current)
			page_free_rendered(p);
		return;
	}
	if (j->rc != NULL || j->ck != NULL)
		h = hash64(html->data, html->len);
	if (j->ck != NULL) {
		/* a page that checked clean last time, byte for byte, is
		 * clean now: libtidy is the slowest stage */
		size_t nf = 0;
		uint64_t tidy = 0;

		if (j->cc != NULL && checkcache_clean(j->cc, p->out, h, html->len))
			checkcache_add(j->cc, p->out, h, html->len,
			    checkcache_tidy_clean(j->cc, p->out));
		else {
			if (lazy) {
				/* the same bytes again, now with the maps; their
				 * messages were printed by the first renders.
				 * The Markdown goes to a copy of the page: other
				 * pages may be reading this one's HTML. */
				struct page copy = *p;

				diag_suspend();
				if (!maps) {
					buf_reset(html);
					render_page_mapped(j->r, p, html, tmap);
				}
				if (current) {
					render_markdown_mapped(j->site, &copy,
					    &j->md_maps[i]);
					page_free_rendered(&copy);
				}
				diag_resume();
			}
			check_rendered(j->ck, p, html, current ? &j->md_maps[i] :
			    NULL, tmap, i, &nf, j->cc != NULL ?
			    checkcache_tidy_clean(j->cc, p->out) : 0, &tidy);
			if (j->cc != NULL)
				checkcache_add(j->cc, p->out, nf == 0 ? h : 0,
				    nf == 0 ? html->len : 0, tidy);
			if (nf > 0)
				inputs = 0;	/* its findings: on every build */
		}
		if (current)
			markdown_srcmap_free(&j->md_maps[i]);
	}
	put_file(j->out, j->prefix, p->out, html->data, html->len);
	if (j->rc != NULL)
		rendercache_add(j->rc, p->out, inputs, h, html->len);
	if (!current)
		page_free_rendered(p);
done:
	if (j->progress != NULL)
		j->progress->fn(j->progress->arg, atomic_fetch_add(&j->done, 1)
		    + 1, j->total);
}

static void
digest_one(void *ctx, size_t i, int worker)
{
	struct render_job *j = ctx;

	(void)worker;
	j->inputs[i] = rendercache_page_digest(job_page(j->site, i),
	    j->site_digest, j->listing_digest);
}

struct cost {
	size_t	i;
	size_t	bytes;	/* 0: will likely be kept */
};

static int
cmp_cost(const void *a, const void *b)
{
	const struct cost *x = a, *y = b;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The order a rebuild renders its pages in: those it will render (the
 * pages whose inputs changed: an edited page, the listings that show it),
 * biggest first by what the last build wrote for them, then those it will
 * likely keep. A rebuild after one edit renders a few pages, one of them
 * maybe an FAQ index of megabytes that takes longer to check than all the
 * others: started last, it ran alone while the other cores waited.
 */
static size_t *
render_order(struct render_job *j, size_t n, int threads)
{
	struct cost *c = xcalloc(n + 1, sizeof(*c));
	size_t *order = xcalloc(n + 1, sizeof(*order));
	size_t i;

	j->inputs = xcalloc(n + 1, sizeof(*j->inputs));
	pool_for(n, threads, digest_one, j);
	for (i = 0; i < n; i++) {
		const struct page *p = job_page(j->site, i);
		const struct pathtab_entry *e = NULL;

		c[i].i = i;
		if (rendercache_find(j->rc, p->out, j->inputs[i]) != NULL)
			continue;
		j->nrender++;
		if (j->cc != NULL)
			e = pathtab_find(&j->cc->pages, p->out);
		if (e == NULL)
			e = pathtab_find(&j->rc->pages, p->out);
		c[i].bytes = 1 + (e != NULL ? e->len :
		    p->html != NULL ? strlen(p->html) : 0);
	}
	qsort(c, n, sizeof(*c), cmp_cost);
	for (i = 0; i < n; i++)
		order[i] = c[i].i;
	free(c);
	return order;
}

/*
 * Build the site o->site_dir into out under prefix. With keep set, the
 * audit is run (as of today) and kept there in *audit for the caller; it
 * is published at /audit/ when site.yaml says so. last (NULL: none;
 * always NULL with a prefix) holds the pages of the last build: those
 * whose inputs did not change are not rendered again, and it gets this
 * build's. Returns 0, or 1 when
 * the site has errors (some files may have been written: the caller
 * aborts the output).
 */
/*
 * The checker of a build (NULL with --no-check; build_into frees it).
 * libtidy checks a page at a time per process: with several threads it
 * runs in as many worker processes (check.h), forked now, so call this
 * while the process is small and has one thread, before the last build's
 * caches are read: memory the process holds when it forks is copied when
 * it is next written (copy-on-write), each copy a fault and a TLB flush
 * on every core (an FAQ edit on the corpus: about 500 faults fewer).
 */
static struct checker *
build_checker(const struct build_opts *o)
{
	int threads = o->jobs > 0 ? o->jobs : pool_default_threads();
	struct check_options copt = { 0, 0, threads > 1 ? threads : 0 };

	return o->no_check ? NULL : checker_new(&copt);
}

/* rendercache_listing_fields on a thread of its own */
struct listing_run {
	const struct site	*site;
	uint64_t		 fields;
	struct pool_task	 task;
};

static void *
listing_fields(void *arg)
{
	struct listing_run *l = arg;

	l->fields = rendercache_listing_fields(l->site);
	return NULL;
}

/* A build's model once the build is over: freed on a thread of its own
 * (build_into's reaper) while the output is committed and the caches
 * saved (5 ms on the corpus that the commit waited for, one core idle),
 * joined before the process ends. */
static void *
reap(void *arg)
{
	build_unload(arg);
	free(arg);
	return NULL;
}

/* reaper: where the model is freed (NULL: before returning) */
static int
build_into(const struct build_opts *o, const char *theme_root,
    struct output *out, const char *prefix, struct date today,
    struct arena *keep, struct audit_report *audit,
    struct last_build *last, struct checker *ck, size_t *npages,
    struct pool_task *reaper)
{
	struct site_model *m = xcalloc(1, sizeof(*m));
	struct site *site = &m->site;
	struct renderer *r = NULL;
	struct arena audit_arena = ARENA_INIT;
	struct audit_report own;
	struct render_job job;
	struct markdown_run md = { 0 };
	struct files_run fr = { 0 };
	struct listing_run lf = { 0 };
	int threads = o->jobs > 0 ? o->jobs : pool_default_threads();
	size_t i, n = 0, *order;
	double t;
	int rc = 1, robots, rebuild;

	memset(&job, 0, sizeof(job));
	m->jobs = threads;
	/* A rebuild (the render cache knows pages) reads and fills the YAML
	 * and Markdown caches; a first build neither, so its peak memory,
	 * the parse beside the cold history walk, does not carry them (the
	 * first rebuild fills them). */
	rebuild = last != NULL && last->known;
	m->yaml = rebuild ? last->yaml : NULL;
	m->fm = rebuild ? last->fm : NULL;
	job.ck = ck;
	build_load_model(m, o->site_dir, theme_root, o->strict);
	/* the render cache and the search index, wanted once the pages
	 * have their history: read on the core the history step leaves */
	last_build_start(last);
	/* the stamp's walk of the inputs (11 ms on the corpus), which
	 * followed the build, in whatever time a core is idle from now: it
	 * was started with the biggest page and ran after it, the build
	 * waiting for it */
	if (last != NULL && last->roots != NULL)
		last->walking = pthread_create(&last->walker, NULL,
		    inputs_walker, last) == 0;
	*npages = site->npages;	/* also when the build fails: its summary */
	job.site = site;
	job.out = out;
	job.prefix = prefix;
	job.scratch = xcalloc((size_t)threads, sizeof(*job.scratch));
	if (!o->no_check) {
		job.md_maps = xcalloc(site->npages + 1, sizeof(*job.md_maps));
		job.tmaps = xcalloc((size_t)threads, sizeof(*job.tmaps));
		/* `build` keeps what it checked clean; `check` writes nothing */
		if (out->tmp != NULL) {
			job.cc = xcalloc(1, sizeof(*job.cc));
			checkcache_load(job.cc, m->cfg.site_dir);
			job.lazy_maps = job.cc->pages.nold > 0;
		}
	}
	/* A rebuild renders the pages' Markdown while this thread waits for
	 * the history walk and gives the pages their history (the last step
	 * that is not parallel): the Markdown reads no page's history. Its
	 * messages come after the history's, as when one followed the other.
	 * A first build does one after the other: its history step reads
	 * old texts from git (the published revisions), and the pack files
	 * it maps and the pages' HTML together raised its peak memory from
	 * 84 to 90-105 MiB on the corpus; a rebuild has them cached. */
	md.job = &job;
	md.threads = threads;
	if (rebuild) {
		md.last = last;
		md.site_dir = o->site_dir;
		md.key = mdcache_site_key(site, last->frame);
		md.started = pthread_create(&md.thread, NULL, markdown_thread,
		    &md) == 0;
	}
	build_load_history(m);
	/* every front matter is read: the YAML trees are saved now, their
	 * memory freed (25 MB on 50,000 pages); entries are facts, kept
	 * whatever becomes of this build */
	if (last != NULL) {
		if (rebuild) {
			yamlcache_save(last->yaml);
			fmcache_save(last->fm);
		} else {
			yamlcache_free(last->yaml);
			fmcache_free(last->fm);
		}
		last->yaml = NULL;
		last->fm = NULL;
	}
	m->yaml = site->yaml = NULL;
	m->fm = site->fm = NULL;
	if (!md.started)
		markdown_thread(&md);
	robots = static_robots(site);
	if (today.year == 0)
		today = build_default_today(site);
	if (keep != NULL) {
		audit_run(keep, site, today, audit);
		site->audit = audit;
	} else if (site->audit_page != NULL) {
		audit_run(&audit_arena, site, today, &own);
		site->audit = &own;
	}
	r = render_new(site);
	if (md.started)
		pthread_join(md.thread, NULL);
	diag_write(md.diags.data, md.diags.len);
	buf_free(&md.diags);
	if (r == NULL)
		goto out;
	job.r = r;
	n = site->npages + site->nrevpages;
	t = now_ms();
	/* what listings show of every page, beside the site digest */
	lf.site = site;
	if (last != NULL)
		pool_task_start(&lf.task, listing_fields, &lf);
	last_build_join(last);
	if (last != NULL && last->render != NULL) {
		job.rc = last->render;
		job.site_digest = rendercache_site_digest(site,
		    job.rc->frame);
	}
	pool_task_join(&lf.task);
	if (job.rc != NULL)
		job.listing_digest = rendercache_listing_digest(
		    job.site_digest, lf.fields);
	m->ms[PHASE_MARKDOWN] = md.ms + (now_ms() - t);
	m->kb[PHASE_MARKDOWN] = peak_rss_kb();
	if (diag_errors() > 0)
		goto out;
	t = now_ms();
	job.progress = o->progress;
	job.total = n;
	order = job.rc != NULL ? render_order(&job, n, threads) : NULL;
	/* what the last build left in the output folder (write.h): read
	 * meanwhile (this phase leaves a core idle while its biggest page
	 * is checked) */
	write_prefetch(out);
	/* A rebuild that renders a handful of pages leaves a core idle while
	 * the biggest is rendered and checked (the FAQ index: about 50 ms):
	 * the other files are made meanwhile. With more pages to render the
	 * cores are busy, and the files follow the pages. */
	fr.site = site;
	fr.r = r;
	fr.out = out;
	fr.prefix = prefix;
	fr.robots = robots;
	fr.threads = threads;
	fr.last = last;
	fr.site_digest = job.rc != NULL ? job.site_digest : 0;
	if (order != NULL && job.nrender <= PAGES_BESIDE_FILES && threads > 1)
		fr.started = pthread_create(&fr.thread, NULL, files_thread,
		    &fr) == 0;
	pool_for_order(n, threads, order, page_one, &job);
	free(order);
	free(job.inputs);
	if (job.ck != NULL)
		checker_finish(job.ck);	/* template findings, in page order */
	m->ms[PHASE_PAGES] = now_ms() - t;
	m->kb[PHASE_PAGES] = peak_rss_kb();
	t = now_ms();
	if (fr.started)
		pthread_join(fr.thread, NULL);
	else
		files_thread(&fr);
	diag_write(fr.diags.data, fr.diags.len);
	buf_free(&fr.diags);
	m->ms[PHASE_FILES] = fr.ms;
	m->kb[PHASE_FILES] = peak_rss_kb();
	if (o->verbose) {
		print_phases(m, n, threads);
		if (job.rc != NULL)
			fprintf(stderr, "gongkai: 沿用上次建置的 %zu 頁，重新產生 "
			    "%zu 頁 (%zu pages kept from the last build, %zu "
			    "rendered)\n", (size_t)job.kept, n - job.kept,
			    (size_t)job.kept, n - job.kept);
	}
	if (diag_errors() > 0)
		goto out;
	rc = 0;
out:
	if (last != NULL && last->walking) {
		pthread_join(last->walker, NULL);
		last->walking = 0;
	}
	if (job.scratch != NULL)
		for (i = 0; i < (size_t)threads; i++)
			buf_free(&job.scratch[i]);
	free(job.scratch);
	if (job.md_maps != NULL)
		for (i = 0; i < site->npages; i++)
			markdown_srcmap_free(&job.md_maps[i]);
	if (job.tmaps != NULL)
		for (i = 0; i < (size_t)threads; i++)
			template_srcmap_free(&job.tmaps[i]);
	free(job.md_maps);
	free(job.tmaps);
	checker_free(job.ck);
	if (job.cc != NULL && rc == 0 && last != NULL) {
		last->check = job.cc;	/* saved with the other caches */
	} else if (job.cc != NULL) {
		if (rc == 0)
			checkcache_save(job.cc);
		else
			checkcache_free(job.cc);
		free(job.cc);
	}
	render_free(r);
	arena_free(&audit_arena);
	if (reaper != NULL)
		pool_task_start(reaper, reap, m);
	else
		reap(m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The stamp: a rebuild with nothing changed does nothing (stamp.h)     */

/* Everything besides the input files that decides the output: exe and
 * head are read once, before the build (a commit made while it runs must
 * not be taken as built); the folders are resolved each time (the output
 * folder exists only after the first build). head NULL and with_out 0:
 * the render cache's frame (its pages carry their own history, and its
 * file names the output folder). */
static void
stamp_key(const struct build_opts *o, const char *exe, const char *head,
    int with_out, struct buf *key)
{
	char *site = realpath(o->site_dir, NULL);
	char *out = with_out ? realpath(o->out_dir, NULL) : NULL;

	buf_reset(key);
	buf_printf(key, "bin=%s strict=%d check=%d today=%04d-%02d-%02d site=%s",
	    exe, o->strict, !o->no_check, o->today.year, o->today.month,
	    o->today.day, site ? site : o->site_dir);
	if (head != NULL)
		buf_printf(key, " head=%s", head);
	if (with_out)
		buf_printf(key, " out=%s", out ? out : o->out_dir);
	free(site);
	free(out);
}

/* What a build may read: the site's own files and every folder a theme
 * can come from (find_theme). Hidden files are never read. */
static void
stamp_roots(const char *site_dir, char **roots, size_t *n)
{
	static const char *const own[] = {
		"site.yaml", "content", "classification", "layouts", "themes"
	};
	char *exe = fs_exe_dir(), *site_themes;
	size_t i;

	*n = 0;
	for (i = 0; i < NELEM(own); i++)
		roots[(*n)++] = fs_join(site_dir, own[i]);
	if (exe != NULL) {
		roots[(*n)++] = fs_join(exe, "themes");
		free(exe);
	}
	roots[(*n)++] = xstrdup(DATADIR "/themes");
	/* the site's own themes/ is often the one beside the binary (the
	 * demo): walk each folder once */
	site_themes = realpath(roots[NELEM(own) - 1], NULL);
	for (i = NELEM(own); site_themes != NULL && i < *n; i++) {
		char *a = realpath(roots[i], NULL);

		if (a != NULL && strcmp(a, site_themes) == 0) {
			free(roots[i]);
			roots[i--] = roots[--*n];
		}
		free(a);
	}
	free(site_themes);
}

/*
 * The frame digest of the render cache of a build into o->out_dir
 * (rendercache.h), taken before the build reads anything: every input
 * besides content/, whose pages carry their own digests. A template
 * edited while the site renders then differs from what the digest
 * recorded.
 */
static uint64_t
render_cache_frame(const struct build_opts *o, const char *exe)
{
	struct buf key = BUF_INIT;
	char *roots[8], *content = fs_join(o->site_dir, "content");
	size_t n, i, k;
	uint64_t frame;

	stamp_key(o, exe, NULL, 0, &key);
	stamp_roots(o->site_dir, roots, &n);
	for (i = k = 0; i < n; i++) {
		if (strcmp(roots[i], content) == 0)
			free(roots[i]);
		else
			roots[k++] = roots[i];
	}
	frame = stamp_digest(buf_cstr(&key), (const char *const *)roots, k);
	for (i = 0; i < k; i++)
		free(roots[i]);
	free(content);
	buf_free(&key);
	return frame;
}

static struct last_build *
last_build_open(const struct build_opts *o, const char *exe)
{
	struct last_build *l = xcalloc(1, sizeof(*l));

	l->site_dir = o->site_dir;
	l->out_dir = o->out_dir;
	l->frame = render_cache_frame(o, exe);
	l->known = rendercache_known(o->site_dir, o->out_dir);
	l->yaml = yamlcache_load(o->site_dir);
	l->fm = fmcache_load(o->site_dir);
	return l;
}

static void *
md_saver(void *arg)
{
	mdcache_save(arg);
	return NULL;
}

static void *
search_saver(void *arg)
{
	search_state_save(arg);
	return NULL;
}

/* After the build: saved when the output was committed, else dropped. */
static void
last_build_close(struct last_build *l, int committed)
{
	if (l == NULL)
		return;
	if (l->loader.started)
		last_build_join(l);
	if (committed) {
		/* the Markdown (8.5 MB on the corpus) and the search index
		 * (1.8 MB) beside the others */
		struct pool_task md = { 0 }, search = { 0 };

		pool_task_start(&md, md_saver, l->md);
		pool_task_start(&search, search_saver, l->search);
		if (l->render != NULL)
			rendercache_save(l->render, l->files, l->nfiles);
		yamlcache_save(l->yaml);
		fmcache_save(l->fm);
		if (l->check != NULL)
			checkcache_save(l->check);
		pool_task_join(&md);
		pool_task_join(&search);
	} else {
		if (l->render != NULL)
			rendercache_free(l->render);
		search_state_free(l->search);
		yamlcache_free(l->yaml);
		fmcache_free(l->fm);
		mdcache_free(l->md);
		if (l->check != NULL)
			checkcache_free(l->check);
	}
	free(l->render);
	free(l->check);
	free(l);
}

static void *
last_build_saver(void *arg)
{
	last_build_close(arg, 1);
	return NULL;
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The line every `build` and `check` ends with, on a terminal and in CI
 * alike: pages, time, warnings, errors (CI logs keep only this). */
static void
print_done(const struct build_opts *o, size_t npages, size_t files,
    size_t changed, size_t warnings, double t0)
{
	double secs = (now_ms() - t0) / 1e3;

	if (o->quiet)
		return;
	if (o->out_dir == NULL)
		fprintf(stderr, "gongkai: 已檢查 %zu 頁，費時 %.2f 秒；%zu 個警告、"
		    "0 個錯誤 (%zu pages checked, %.2f s, %zu warnings, 0 "
		    "errors)\n", npages, secs, warnings, npages, secs,
		    warnings);
	else
		fprintf(stderr, "gongkai: 已建置 %zu 頁、%zu 個檔案（%zu 個有變動），"
		    "輸出至 %s，費時 %.2f 秒；%zu 個警告、0 個錯誤 (%zu pages, "
		    "%zu files, %zu changed, %.2f s, %zu warnings, 0 errors)\n",
		    npages, files, changed, o->out_dir, secs, warnings,
		    npages, files, changed, secs, warnings);
}

/* --verbose: the steps of `build` around build_into, as print_phases. */
static void
print_step(const struct build_opts *o, const char *name, const char *zh,
    double since)
{
	if (o->verbose)
		print_phase(name, now_ms() - since, peak_rss_kb(), zh);
}

/* HEAD, read on a thread: starting libgit2 (6-8 ms, its CA bundle)
 * overlaps the stamp's check of the inputs (joined before the libtidy
 * workers are forked). */
struct head_read {
	const char	*site_dir;
	char		 id[41];
	pthread_t	 thread;
	int		 started;
};

static void *
head_reader(void *arg)
{
	struct head_read *h = arg;

	history_head_id(h->site_dir, h->id);
	return NULL;
}

static void
head_start(struct head_read *h, const char *site_dir)
{
	h->site_dir = site_dir;
	h->id[0] = '\0';
	h->started = pthread_create(&h->thread, NULL, head_reader, h) == 0;
	if (!h->started)
		head_reader(h);
}

static const char *
head_join(struct head_read *h)
{
	if (h->started)
		pthread_join(h->thread, NULL);
	h->started = 0;
	return h->id;
}

static int
run(struct build_opts *o)
{
	struct output out;
	struct progress pr;
	struct build_progress bp = { progress_page, &pr };
	struct stamp_summary sum;
	struct last_build *last = NULL;
	struct checker *ck;
	struct buf key = BUF_INIT;
	struct head_read hr = { NULL, "", 0, 0 };
	struct pool_task reaper = { 0 };
	char *roots[8], exe[64];
	struct out_file *outs, *rec = NULL;
	struct stamp_inputs *inputs = NULL;
	size_t npages = 0, files, changed, nroots = 0, i, nouts, nrec = 0;
	double t0 = now_ms(), t, secs;
	long long started = now_ns();
	pthread_t saver_thread;
	int rc, fresh, saver;

	diag_set_strict(o->strict);
	/* the libtidy workers are forked first, with no other thread
	 * running (one inside libgit2's start would leave its memory lost
	 * in them) and little memory to copy; forked after HEAD was read,
	 * an edit waited 1-4 ms for libgit2's start */
	ck = build_checker(o);
	if (o->out_dir != NULL) {
		/* nothing changed since the last build: nothing to do. The
		 * inputs first: an edit is built whatever HEAD is */
		head_start(&hr, o->site_dir);
		fs_exe_stamp(exe, sizeof(exe));
		fresh = stamp_fresh(o->site_dir, NULL, o->out_dir, &sum, &rec,
		    &nrec);
		if (fresh) {
			stamp_key(o, exe, head_join(&hr), 1, &key);
			if (!stamp_key_same(o->site_dir, buf_cstr(&key))) {
				/* other options, a new commit: the record */
				buf_free(&sum.diag);
				fresh = stamp_fresh(o->site_dir, buf_cstr(&key),
				    o->out_dir, &sum, &rec, &nrec);
			}
		}
		print_step(o, "stamp", "比對上次建置的輸入與輸出", t0);
		if (fresh) {
			diag_write(sum.diag.data, sum.diag.len);
			if (o->verbose)
				fprintf(stderr, "gongkai: 輸入未變動，沿用上次的輸出 "
				    "(nothing changed since the last build)\n");
			print_done(o, sum.pages, sum.files, 0, sum.warnings, t0);
			checker_free(ck);
			buf_free(&sum.diag);
			buf_free(&key);
			return 0;
		}
	}
	memset(&sum, 0, sizeof(sum));
	memset(&out, 0, sizeof(out));
	if (write_begin(&out, o->out_dir) < 0) {
		write_files_free(rec, nrec);
		head_join(&hr);
		checker_free(ck);
		buf_free(&key);
		return 2;
	}
	/* what the last build left there, checked while this one parses */
	write_expect(&out, rec, nrec);
	/* the survey of the output folder (write.h), in the background */
	write_prefetch(&out);
	if (o->out_dir != NULL) {
		last = last_build_open(o, exe);
		stamp_roots(o->site_dir, roots, &nroots);
		last->roots = (const char *const *)roots;
		last->nroots = nroots;
		last->since = started;
	}
	progress_init(&pr);
	if (!o->quiet && progress_tty())
		o->progress = &bp;
	diag_tee(&sum.diag);
	rc = build_into(o, NULL, &out, "", o->today, NULL, NULL, last, ck,
	    &npages, &reaper);
	diag_tee(NULL);
	progress_clear(&pr);
	if (last != NULL) {
		inputs = last->inputs;	/* walked beside the pages */
		last->inputs = NULL;
	}
	if (rc != 0 || diag_errors() > 0) {
		write_abort(&out);
		last_build_close(last, 0);
		secs = (now_ms() - t0) / 1e3;
		fprintf(stderr, "gongkai: %s：%zu 頁，費時 %.2f 秒；%zu 個警告、"
		    "%zu 個錯誤，%s (%s: %zu pages, %.2f s, %zu warnings, %zu "
		    "errors)\n", o->out_dir ? "建置失敗" : "檢查未通過", npages,
		    secs, diag_warnings(), diag_errors(), o->out_dir ?
		    "未寫出網站，原有的輸出保持不變" : "網站未通過檢查",
		    o->out_dir ? "build failed, nothing written" : "check failed",
		    npages, secs, diag_warnings(), diag_errors());
		rc = 1;
		goto done;
	}
	files = out.files;
	changed = out.changed;
	outs = write_produced_files(&out, &nouts);
	t = now_ms();
	rc = write_commit(&out);
	print_step(o, "commit", "換上新的輸出", t);
	t = now_ms();
	/* the files kept had their metadata read while the site was built;
	 * the ones written, now. The caches are saved while the stamp walks
	 * the inputs. */
	if (rc == 0 && o->out_dir != NULL)
		write_files_stat(o->out_dir, outs, nouts);
	if (last != NULL) {
		last->files = outs;
		last->nfiles = nouts;
	}
	saver = rc == 0 && last != NULL &&
	    pthread_create(&saver_thread, NULL, last_build_saver, last) == 0;
	if (!saver)
		last_build_close(last, rc == 0);
	if (rc < 0) {
		write_files_free(outs, nouts);
		rc = 2;
		goto done;
	}
	if (o->out_dir != NULL && npages > 0) {
		/* (a site without pages dates its audit by the clock: never
		 * skipped) */
		sum.pages = npages;
		sum.files = files;
		sum.warnings = diag_warnings();
		/* the output exists now */
		stamp_key(o, exe, head_join(&hr), 1, &key);
		if (inputs == NULL)
			inputs = stamp_walk((const char *const *)roots, nroots,
			    started);
		stamp_save(o->site_dir, buf_cstr(&key), inputs, outs, nouts,
		    &sum);
	}
	if (saver)
		pthread_join(saver_thread, NULL);
	print_step(o, "save", "記錄本次建置（.gongkai/）", t);
	write_files_free(outs, nouts);
	print_done(o, npages, files, changed, diag_warnings(), t0);
	rc = 0;
done:
	pool_task_join(&reaper);
	head_join(&hr);
	stamp_inputs_free(inputs);
	for (i = 0; i < nroots; i++)
		free(roots[i]);
	buf_free(&sum.diag);
	buf_free(&key);
	return rc;
}

int
build_site(struct build_request *req)
{
	struct build_opts o;
	struct output out;
	struct last_build *last;
	struct checker *ck;
	struct out_file *outs;
	char exe[64];
	size_t npages = 0, nouts;
	int rc;

	memset(&o, 0, sizeof(o));
	o.site_dir = req->site_dir;
	o.out_dir = req->out_dir;
	o.quiet = 1;
	o.no_check = req->no_check;
	o.progress = req->progress;
	diag_reset();
	diag_set_strict(0);
	memset(&out, 0, sizeof(out));
	req->pages = req->files = req->changed = 0;
	if (write_begin(&out, o.out_dir) < 0)
		return 2;
	/* `serve` rebuilds on every save: only what the edit touched */
	fs_exe_stamp(exe, sizeof(exe));
	ck = build_checker(&o);
	last = last_build_open(&o, exe);
	rc = build_into(&o, NULL, &out, "", o.today, NULL, NULL, last, ck,
	    &npages, NULL);
	req->pages = npages;
	if (rc != 0 || diag_errors() > 0) {
		write_abort(&out);
		last_build_close(last, 0);
		return 1;
	}
	req->files = out.files;
	req->changed = out.changed;
	outs = write_produced_files(&out, &nouts);
	rc = write_commit(&out) < 0 ? 2 : 0;
	if (rc == 0)
		write_files_stat(o.out_dir, outs, nouts);
	last->files = outs;
	last->nfiles = nouts;
	last_build_close(last, rc == 0);
	write_files_free(outs, nouts);
	return rc;
}

/* ------------------------------------------------------------------ */
/* build --all: every site under ROOT/sites/, and the supervision page  */

/* The sites: every ROOT/sites/NAME/site.yaml, sorted by NAME. */
static char **
list_sites(const char *root, size_t *n)
{
	char *dir = fs_join(root, "sites");
	char **files = NULL, **names;
	size_t nf = 0, i;

	*n = 0;
	fs_list_files(dir, &files, &nf);
	names = xcalloc(nf + 1, sizeof(*names));
	for (i = 0; i < nf; i++) {
		const char *slash = strchr(files[i], '/');

		if (slash != NULL && strcmp(slash, "/site.yaml") == 0)
			names[(*n)++] = xstrndup(files[i],
			    (size_t)(slash - files[i]));
	}
	fs_list_free(files, nf);
	free(dir);
	return names;
}

/* ROOT/sites/NAME, written "sites/NAME" when ROOT is "." (diagnostics
 * then name files as a webmaster in the repository sees them). */
static char *
site_path(struct arena *a, const char *root, const char *name)
{
	if (strcmp(root, ".") == 0)
		return arena_printf(a, "sites/%s", name);
	return arena_printf(a, "%s/sites/%s", root, name);
}

static char *
supervision_theme(const char *root)
{
	char *p = fs_join(root, "themes/default"), *exe;

	if (fs_is_dir(p))
		return p;
	free(p);
	if ((exe = fs_exe_dir()) != NULL) {
		p = fs_join(exe, "themes/default");
		free(exe);
		if (fs_is_dir(p))
			return p;
		free(p);
	}
	return xstrdup(DATADIR "/themes/default");
}

static int
build_all(const char *root, const char *out_dir, struct date today,
    int strict, int quiet, int no_check)
{
	struct build_opts o = { .site_dir = NULL, .out_dir = "", .strict = strict,
	    .quiet = 1, .no_check = no_check };
	struct arena keep = ARENA_INIT;
	struct audit_report *audits;
	struct output out;
	char **names, *def = NULL, *theme = NULL;
	size_t n, i, npages, total = 0;
	int rc = 1;

	diag_set_strict(strict);
	names = list_sites(root, &n);
	if (n == 0) {
		diag_error(root, 0, 0, "找不到任何機關網站：--all 建置 sites/*/ 之下"
		    "含 site.yaml 的資料夾 (no sites/*/site.yaml found)");
		free(names);
		return 1;
	}
	if (out_dir == NULL)
		out_dir = def = fs_join(root, "public/all");
	if (outpath_check_out_dir(out_dir, root) < 0)
		goto done;
	/* one audit day for every agency: --today, else the newest site
	 * update date among them (see build_default_today) */
	if (today.year == 0) {
		diag_suspend();
		for (i = 0; i < n; i++) {
			struct site_model *m = xcalloc(1, sizeof(*m));
			char *dir = site_path(&keep, root, names[i]);
			struct date d;

			build_load(m, dir, root, strict);
			d = site_updated(&m->site);
			if (date_cmp(&d, &today) > 0)
				today = d;
			build_unload(m);
			free(m);
		}
		diag_resume();
		if (today.year == 0)
			audit_today("Asia/Taipei", &today);
	}
	audits = arena_alloc(&keep, n * sizeof(*audits));
	memset(&out, 0, sizeof(out));
	if (write_begin(&out, out_dir) < 0) {
		rc = 2;
		goto done;
	}
	for (i = 0; i < n; i++) {
		o.site_dir = site_path(&keep, root, names[i]);
		npages = 0;
		if (build_into(&o, root, &out, arena_printf(&keep, "%s/",
		    names[i]), today, &keep, &audits[i], NULL, build_checker(&o),
		    &npages, NULL) != 0)
			continue;
		total += npages;
		if (!quiet)
			fprintf(stderr, "gongkai: %s 已建置 %zu 頁 (%zu pages)\n",
			    names[i], npages, npages);
	}
	if (diag_errors() == 0) {
		theme = supervision_theme(root);
		supervise_write(&out, theme, audits, (const char *const *)names,
		    n, today);
	}
	if (diag_errors() > 0) {
		write_abort(&out);
		fprintf(stderr, "gongkai: %zu 個錯誤，未寫出網站，原有的輸出保持不變 "
		    "(%zu errors)\n", diag_errors(), diag_errors());
		goto done;
	}
	size_t files = out.files;
	if (write_commit(&out) < 0) {
		rc = 2;
		goto done;
	}
	rc = 0;
	if (!quiet)
		fprintf(stderr, "gongkai: 已建置 %zu 個機關、%zu 頁、%zu 個檔案，輸出"
		    "至 %s；%zu 個警告 (%zu sites, %zu pages, %zu files, %zu "
		    "warnings)\n", n, total, files, out_dir, diag_warnings(), n,
		    total, files, diag_warnings());
done:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(theme);
	free(def);
	arena_free(&keep);
	return rc;
}

int
cmd_build(int argc, char **argv)
{
	struct build_opts o = { .site_dir = ".", .out_dir = "" };
	char *def = NULL;
	int rc;

	if ((rc = parse_args("build", argc, argv, &o)) != 0)
		return rc < 0 ? 0 : rc;
	if (o.all)
		return build_all(o.site_dir, o.out_dir[0] ? o.out_dir : NULL,
		    o.today, o.strict, o.quiet, o.no_check);
	/* like hugo: SITE/public unless --out says otherwise */
	if (o.out_dir[0] == '\0')
		o.out_dir = strcmp(o.site_dir, ".") == 0 ? "public" :
		    (def = fs_join(o.site_dir, "public"));
	/* an --out that is the site, holds it or is a source folder would be
	 * replaced whole: refused before anything is touched */
	if (outpath_check_out_dir(o.out_dir, o.site_dir) < 0)
		rc = 1;
	else
		rc = run(&o);
	free(def);
	return rc;
}

int
cmd_check(int argc, char **argv)
{
	struct build_opts o = { .site_dir = ".", .out_dir = NULL };
	int rc;

	if ((rc = parse_args("check", argc, argv, &o)) != 0)
		return rc < 0 ? 0 : rc;
	return run(&o);
}
