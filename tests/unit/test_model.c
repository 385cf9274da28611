/* Unit tests for the parse and model stages: dates, YAML, front matter,
 * config, path resolution and the site model. */
#include "harness.h"

#include <sys/stat.h>

#include <ftw.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "frontmatter.h"
#include "yamlcache.h"
#include "fmcache.h"
#include "kinds.h"
#include "util.h"
#include "fs.h"
#include "site.h"
#include "yamltree.h"

static void
test_date(void **state)
{
	struct date d;
	char buf[32];

	(void)state;
	assert_int_equal(date_parse("2015-01-05", &d), 0);
	date_display(&d, DATE_ROC, buf, sizeof(buf));
	assert_string_equal(buf, "104-01-05");
	date_display(&d, DATE_ISO, buf, sizeof(buf));
	assert_string_equal(buf, "2015-01-05");
	date_roc_long(&d, buf, sizeof(buf));
	assert_string_equal(buf, "104年1月5日");
	assert_int_equal(date_parse("2015-02-29", &d), -1);
	assert_int_equal(date_parse("2016-02-29", &d), 0);
	assert_int_equal(date_parse("2015-1-5", &d), -1);
	assert_int_equal(date_parse("2015-01-05T10:00:00+08:00", &d), 0);
	assert_int_equal(d.day, 5);
	assert_int_equal(date_parse("2015-01-05x", &d), -1);
	d = date_from_days(date_to_days(&(struct date){ 2000, 2, 29 }));
	assert_int_equal(d.year, 2000);
	assert_int_equal(d.month, 2);
	assert_int_equal(d.day, 29);
	assert_int_equal(date_to_days(&(struct date){ 1970, 1, 1 }), 0);
}

static void
test_yaml_positions(void **state)
{
	struct arena a = ARENA_INIT;
	const char *src = "title: 標題\nlist:\n  - a\n  - \"b\"\n";
	struct ynode *root, *l;

	(void)state;
	root = yaml_parse(&a, "x.yaml", src, strlen(src), 2);
	assert_non_null(root);
	assert_int_equal(root->kind, YNODE_MAP);
	l = ynode_get(root, "list");
	assert_non_null(l);
	assert_int_equal(l->kind, YNODE_SEQ);
	assert_int_equal(l->len, 2);
	assert_int_equal(l->items[1]->line, 5);	/* first_line 2 + 3 */
	assert_int_equal(l->items[1]->col, 5);
	assert_int_equal(l->items[1]->quoted, 1);
	assert_int_equal(ynode_get(root, "title")->col, 8);

	diag_set_quiet(1);
	diag_reset();
	assert_null(yaml_parse(&a, "x.yaml", "a: [1, 2\n", 9, 1));
	assert_int_equal(diag_errors(), 1);
	diag_reset();
	assert_null(yaml_parse(&a, "x.yaml", "a: 1\na: 2\n", 10, 1));
	assert_int_equal(diag_errors(), 1);
	diag_reset();
	diag_set_quiet(0);
	arena_free(&a);
}

/* Two trees are the same: kinds, positions, texts, children. */
static void
same_tree(const struct ynode *x, const struct ynode *y)
{
	size_t i;

	assert_int_equal(x->kind, y->kind);
	assert_int_equal(x->line, y->line);
	assert_int_equal(x->col, y->col);
	assert_int_equal(x->len, y->len);
	assert_int_equal(x->quoted, y->quoted);
	assert_int_equal(x->weight, y->weight);
	assert_int_equal(x->text == NULL, y->text == NULL);
	if (x->text != NULL && x->kind == YNODE_SCALAR)
		assert_memory_equal(x->text, y->text, x->len + 1);
	for (i = 0; x->kind == YNODE_SEQ && i < x->len; i++)
		same_tree(x->items[i], y->items[i]);
	for (i = 0; x->kind == YNODE_MAP && i < x->len; i++) {
		same_tree(x->pairs[i].key, y->pairs[i].key);
		same_tree(x->pairs[i].val, y->pairs[i].val);
	}
}

/* Remove a test's site folder holding one cache file (freed). */
static void
remove_cache_dir(const char *dir, char *file)
{
	unlink(file);
	free(file);
	assert_true(asprintf(&file, "%s/.gongkai/.gitignore", dir) > 0);
	unlink(file);
	free(file);
	assert_true(asprintf(&file, "%s/.gongkai", dir) > 0);
	rmdir(file);
	free(file);
	rmdir(dir);
}

/* The last build's trees (yamlcache.h): the same tree as yaml_parse's,
 * from the cache file after a save; errors are reported every time; a
 * damaged file is an empty cache */
static void
test_yamlcache(void **state)
{
	static const char *const docs[] = {
		"title: \"標題\"\ndate: 2015-03-02\ntheme: [610, \"770\"]\n"
		"items:\n  - id: 一-1\n    due: 104-06\n    note: |\n"
		"      第一行\n      第二行\n  - {id: 一-2, target: 3.5}\n",
		"a: &x [1, 2]\nb: *x\nc: 'single'\nd: \"nul\\0inside\"\n"
		"e:\nf: ~\n",
		"",
		"# only a comment\n",
	};
	char tmpl[] = "/tmp/gk-ycache-XXXXXX", *dir = mkdtemp(tmpl), *file = NULL;
	struct arena a = ARENA_INIT;
	struct yamlcache *c;
	struct ynode *t1, *t2;
	struct stat st;
	ino_t ino = 0;
	size_t i;
	int pass;

	(void)state;
	assert_non_null(dir);
	assert_true(asprintf(&file, "%s/.gongkai/yaml.cache", dir) > 0);
	for (pass = 0; pass < 2; pass++) {
		/* pass 0 parses and saves; pass 1 reads the saved trees */
		c = yamlcache_load(dir);
		for (i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
			t1 = yaml_parse(&a, "x.md", docs[i], strlen(docs[i]), 2);
			t2 = yamlcache_parse(c, &a, "x.md", docs[i],
			    strlen(docs[i]), 2);
			assert_non_null(t1);
			assert_non_null(t2);
			same_tree(t1, t2);
		}
		/* another first line is another tree */
		t2 = yamlcache_parse(c, &a, "x.md", docs[0], strlen(docs[0]), 5);
		assert_int_equal(ynode_get(t2, "date")->line, 6);
		/* an error is never remembered */
		diag_set_quiet(1);
		diag_reset();
		assert_null(yamlcache_parse(c, &a, "x.md", "a: [1\n", 6, 2));
		assert_int_equal(diag_errors(), 1);
		diag_reset();
		diag_set_quiet(0);
		yamlcache_save(c);
		assert_int_equal(stat(file, &st), 0);
		/* pass 1 took every tree from the file: nothing new to
		 * write, so the file was not replaced */
		if (pass == 1)
			assert_int_equal(st.st_ino, ino);
		ino = st.st_ino;
	}
	/* a byte changed: the sum differs, the file is not read, the trees
	 * are parsed again */
	{
		FILE *f = fopen(file, "r+b");

		assert_non_null(f);
		assert_int_equal(fseek(f, -3, SEEK_END), 0);
		fputc('Z', f);
		fclose(f);
	}
	c = yamlcache_load(dir);
	t1 = yaml_parse(&a, "x.md", docs[1], strlen(docs[1]), 2);
	t2 = yamlcache_parse(c, &a, "x.md", docs[1], strlen(docs[1]), 2);
	same_tree(t1, t2);
	yamlcache_free(c);
	remove_cache_dir(dir, file);
	arena_free(&a);
}

/* The last build's front-matter fields (fmcache.h). */
static void
same_str(const char *x, const char *y)
{
	if (x == NULL || y == NULL)
		assert_ptr_equal(x, y);
	else
		assert_string_equal(x, y);
}

static void
same_date(const struct date *x, const struct date *y)
{
	assert_int_equal(x->year, y->year);
	assert_int_equal(x->month, y->month);
	assert_int_equal(x->day, y->day);
}

static void
same_pos(const struct srcpos *x, const struct srcpos *y)
{
	assert_int_equal(x->line, y->line);
	assert_int_equal(x->col, y->col);
}

static void
same_list(const struct strlist *x, const struct strlist *y)
{
	size_t i;

	assert_int_equal(x->n, y->n);
	if (x->n > 0)
		assert_int_equal(x->pos == NULL, y->pos == NULL);
	for (i = 0; i < x->n; i++) {
		same_str(x->v[i], y->v[i]);
		if (x->pos != NULL)
			same_pos(&x->pos[i], &y->pos[i]);
	}
}

static void
same_kind(const struct page *x, const struct page *y)
{
	size_t i;

	assert_int_equal(x->kd == NULL, y->kd == NULL);
	if (x->kd == NULL)
		return;
	if (x->kind == KIND_PLAN) {
		const struct plan_data *a = &x->kd->plan, *b = &y->kd->plan;

		assert_int_equal(a->year, b->year);
		assert_int_equal(a->has_items, b->has_items);
		assert_int_equal(a->nitems, b->nitems);
		for (i = 0; i < a->nitems; i++) {
			const struct plan_item *u = &a->items[i],
			    *v = &b->items[i];

			same_str(u->id, v->id);
			same_str(u->area, v->area);
			same_str(u->strategy, v->strategy);
			same_str(u->owner, v->owner);
			same_date(&u->due.date, &v->due.date);
			assert_int_equal(u->due.month_only, v->due.month_only);
			same_str(u->indicator, v->indicator);
			assert_memory_equal(&u->target, &v->target,
			    sizeof(u->target));
			assert_int_equal(u->has_target, v->has_target);
			same_str(u->unit, v->unit);
			same_str(u->benefit, v->benefit);
			same_pos(&u->pos, &v->pos);
		}
	} else if (x->kind == KIND_REPORT) {
		const struct report_data *a = &x->kd->report,
		    *b = &y->kd->report;

		same_str(a->plan_ref, b->plan_ref);
		same_pos(&a->plan_pos, &b->plan_pos);
		assert_int_equal(a->year, b->year);
		assert_int_equal(a->quarter, b->quarter);
		same_pos(&a->quarter_pos, &b->quarter_pos);
		assert_int_equal(a->nitems, b->nitems);
		for (i = 0; i < a->nitems; i++) {
			const struct report_item *u = &a->items[i],
			    *v = &b->items[i];

			same_str(u->id, v->id);
			assert_int_equal(u->status, v->status);
			same_str(u->achieved, v->achieved);
			assert_memory_equal(&u->achieved_num, &v->achieved_num,
			    sizeof(u->achieved_num));
			assert_int_equal(u->has_num, v->has_num);
			same_str(u->narrative, v->narrative);
			same_pos(&u->pos, &v->pos);
		}
	} else if (x->kind == KIND_FAQ) {
		same_str(x->kd->faq.category, y->kd->faq.category);
		assert_int_equal(x->kd->faq.nrelated, y->kd->faq.nrelated);
		for (i = 0; i < x->kd->faq.nrelated; i++) {
			same_str(x->kd->faq.related[i].ref,
			    y->kd->faq.related[i].ref);
			same_str(x->kd->faq.related[i].title,
			    y->kd->faq.related[i].title);
			same_pos(&x->kd->faq.related[i].pos,
			    &y->kd->faq.related[i].pos);
		}
	} else if (x->kind == KIND_SOP) {
		const struct sop_data *a = &x->kd->sop, *b = &y->kd->sop;

		same_str(a->time_limit, b->time_limit);
		same_list(&a->documents, &b->documents);
		same_str(a->fee, b->fee);
		same_str(a->window, b->window);
		same_str(a->query_url, b->query_url);
		same_list(&a->steps, &b->steps);
		assert_int_equal(a->steps_from_body, b->steps_from_body);
	} else if (x->kind == KIND_NEWS) {
		same_str(x->kd->news.category, y->kd->news.category);
	}
}

/* x was parsed from text tx, y from ty (the same bytes elsewhere) */
static void
same_page(const struct page *x, const char *tx, const struct page *y,
    const char *ty)
{
	assert_int_equal(x->kind, y->kind);
	same_str(x->title, y->title);
	same_str(x->summary, y->summary);
	same_str(x->slug, y->slug);
	same_str(x->agency, y->agency);
	same_date(&x->date, &y->date);
	same_date(&x->lastmod, &y->lastmod);
	same_list(&x->theme, &y->theme);
	same_list(&x->cake, &y->cake);
	same_list(&x->service, &y->service);
	same_list(&x->keywords, &y->keywords);
	same_list(&x->aliases, &y->aliases);
	same_pos(&x->theme_pos, &y->theme_pos);
	same_pos(&x->cake_pos, &y->cake_pos);
	same_pos(&x->service_pos, &y->service_pos);
	same_date(&x->coverage_min, &y->coverage_min);
	same_date(&x->coverage_max, &y->coverage_max);
	assert_int_equal(x->weight, y->weight);
	assert_int_equal(x->draft, y->draft);
	assert_int_equal(x->body - tx, y->body - ty);
	assert_int_equal(x->body_len, y->body_len);
	assert_int_equal(x->body_line, y->body_line);
	same_kind(x, y);
}

static char	**fm_files;
static size_t	  fm_nfiles;

static int
collect_md(const char *path, const struct stat *st, int type, struct FTW *f)
{
	size_t n = strlen(path);

	(void)st;
	(void)f;
	if (type == FTW_F && n > 3 && strcmp(path + n - 3, ".md") == 0 &&
	    strstr(path, "/content/") != NULL) {
		fm_files = realloc(fm_files, (fm_nfiles + 1) *
		    sizeof(*fm_files));
		assert_non_null(fm_files);
		fm_files[fm_nfiles++] = strdup(path);
	}
	return 0;
}

/* A page as parse_one starts it: path, section, type, section kind. */
static void
fm_start(struct page *p, const char *path)
{
	const char *rel = strstr(path, "/content/") + 9, *slash;
	const char *base = strrchr(path, '/') + 1;

	memset(p, 0, sizeof(*p));
	p->path = path;
	p->rel = rel;
	slash = strchr(rel, '/');
	p->section = slash != NULL ? strndup(rel, (size_t)(slash - rel)) :
	    strdup("");
	p->type = strcmp(base, "_index.md") != 0 ? PAGE_REGULAR :
	    slash != NULL ? PAGE_SECTION : PAGE_HOME;
	p->kind = page_kind_for_section(p->section);
}

/* frontmatter_parse_with or fmcache_parse on text, its messages in msgs */
static int
fm_parse(struct fmcache *c, struct arena *a, const char *text,
    struct page *p, const char *path, struct buf *msgs, size_t *errors,
    size_t *warnings)
{
	struct buf *was;
	size_t e0, w0, e1, w1;
	int rc;

	fm_start(p, path);
	buf_reset(msgs);
	was = diag_capture(msgs);
	diag_thread_counts(&e0, &w0);
	rc = c == NULL ? frontmatter_parse_with(a, NULL, text, strlen(text), p) :
	    fmcache_parse(c, NULL, a, text, strlen(text),
	    hash64(text, strlen(text)), p);
	diag_thread_counts(&e1, &w1);
	diag_capture(was);
	*errors = e1 - e0;
	*warnings = w1 - w0;
	return rc;
}

static char *
fm_read(const char *path)
{
	struct buf b = BUF_INIT;
	char *s;

	assert_int_equal(fs_read_file(path, &b), 0);
	s = strdup(buf_cstr(&b));
	buf_free(&b);
	return s;
}

/* Every fixture page parsed without and through c: the same result,
 * messages and fields. Counts the pages that warned and that failed. */
static void
fm_compare_all(struct fmcache *c, struct arena *a, size_t *warned,
    size_t *failed)
{
	struct buf m1 = BUF_INIT, m2 = BUF_INIT;
	struct page p1, p2;
	size_t i, e1, w1, e2, w2;
	int rc1, rc2;

	for (i = 0; i < fm_nfiles; i++) {
		char *t1 = fm_read(fm_files[i]), *t2 = strdup(t1);

		rc1 = fm_parse(NULL, a, t1, &p1, fm_files[i], &m1, &e1, &w1);
		rc2 = fm_parse(c, a, t2, &p2, fm_files[i], &m2, &e2, &w2);
		assert_int_equal(rc1, rc2);
		assert_int_equal(e1, e2);
		assert_int_equal(w1, w2);
		assert_int_equal(m1.len, m2.len);
		assert_memory_equal(m1.data, m2.data, m1.len);
		if (rc1 == 0)
			same_page(&p1, t1, &p2, t2);
		*warned += w1 > 0;
		*failed += e1 > 0;
		free((char *)p1.section);
		free((char *)p2.section);
		free(t1);
		free(t2);
	}
	buf_free(&m1);
	buf_free(&m2);
}

/* The saved cache at file holds two entries for path (the parse with
 * its messages suspended and the one without, each under its own key)
 * and the one warning the second kept. */
static void
fm_count_entries(const char *file, const char *path)
{
	char *saved = calloc(1, 1 << 24), *at;
	size_t k = 0, said = 0, flen;
	FILE *f = fopen(file, "rb");

	assert_non_null(f);
	assert_non_null(saved);
	flen = fread(saved, 1, (1 << 24) - 1, f);
	fclose(f);
	for (at = saved; (at = memmem(at, flen - (size_t)(at - saved), path,
	    strlen(path))) != NULL; at++) {
		k++;	/* a key, or the warning kept */
		said += strncmp(at + strlen(path), ":1:1: ", 6) == 0;
	}
	assert_int_equal(said, 1);
	assert_int_equal(k - said, 2);
	free(saved);
}

/* Every content page of the golden sites and the demo, through the
 * cache: the fields and messages of a parse, from a new cache (which
 * parses) and from the saved one (which does not); a page with errors is
 * parsed every time; a parse under diag_suspend is an entry of its own,
 * with no messages, which the same text parsed as a page does not take;
 * under
 * --strict a remembered warning is an error again; a damaged file is
 * an empty cache. */
static void
test_fmcache(void **state)
{
	char tmpl[] = "/tmp/gk-fmcache-XXXXXX", *dir = mkdtemp(tmpl);
	char *file = NULL;
	struct arena a = ARENA_INIT;
	struct buf m1 = BUF_INIT, m2 = BUF_INIT;
	struct fmcache *c;
	struct page p1, p2;
	struct stat st;
	ino_t ino = 0;
	size_t i, e1, w1, e2, w2, warned = 0, failed = 0, other = 0;
	int pass, rc1, rc2;

	(void)state;
	assert_non_null(dir);
	assert_true(asprintf(&file, "%s/.gongkai/frontmatter.cache", dir) > 0);
	nftw("tests/golden", collect_md, 16, FTW_PHYS);
	nftw("content", collect_md, 16, FTW_PHYS);
	nftw("sites", collect_md, 16, FTW_PHYS);
	assert_true(fm_nfiles > 100);
	diag_set_quiet(1);
	for (pass = 0; pass < 3; pass++) {
		/* 0 parses and saves; 1 reads the saved fields; 2 again,
		 * under --strict */
		diag_set_strict(pass == 2);
		c = fmcache_load(dir);
		if (pass == 0)
			fm_compare_all(c, &a, &warned, &failed);
		else
			fm_compare_all(c, &a, &other, &other);
		fmcache_save(c);
		assert_int_equal(stat(file, &st), 0);
		/* pass 1 found every page it could in the file: nothing new
		 * to write, so the file was not replaced */
		if (pass == 1)
			assert_int_equal(st.st_ino, ino);
		ino = st.st_ino;
	}
	diag_set_strict(0);
	/* the fixtures hold pages with warnings and pages with errors */
	assert_true(warned > 0);
	assert_true(failed > 0);
	{
		/* messages under diag_suspend (an old revision's) are not
		 * known: such a parse is kept apart, without them */
		const char *doc = "---\ntitle: 問\ndate: 2015-01-05\n---\n答\n";
		const char *path = "/x/content/faq/suspended.md";
		int round;

		/* a new cache, then the saved one: the same each time */
		for (round = 0; round < 2; round++) {
			c = fmcache_load(dir);
			diag_suspend();
			rc1 = fm_parse(c, &a, doc, &p1, path, &m1, &e1, &w1);
			diag_resume();
			assert_int_equal(rc1, 0);
			assert_int_equal(w1, 0);
			assert_int_equal(m1.len, 0);
			assert_string_equal(p1.title, "問");
			rc2 = fm_parse(c, &a, doc, &p2, path, &m2, &e2, &w2);
			assert_int_equal(rc2, 0);
			assert_int_equal(w2, 1);	/* no category */
			assert_non_null(strstr(buf_cstr(&m2),
			    "suspended.md:1:1: warning:"));
			free((char *)p1.section);
			free((char *)p2.section);
			if (round == 1)
				break;
			fmcache_save(c);
			fm_count_entries(file, path);
		}
		fmcache_free(c);
	}
	/* a byte changed: the entry fails its hash and is parsed again */
	{
		FILE *f = fopen(file, "r+b");

		assert_non_null(f);
		assert_int_equal(fseek(f, -3, SEEK_END), 0);
		fputc('Z', f);
		fclose(f);
		c = fmcache_load(dir);
		fm_compare_all(c, &a, &other, &other);
		fmcache_free(c);
	}
	diag_set_quiet(0);
	for (i = 0; i < fm_nfiles; i++)
		free(fm_files[i]);
	free(fm_files);
	fm_files = NULL;
	fm_nfiles = 0;
	remove_cache_dir(dir, file);
	buf_free(&m1);
	buf_free(&m2);
	arena_free(&a);
}

static int
parse_fm(struct arena *a, const char *text, struct page *p)
{
	memset(p, 0, sizeof(*p));
	p->path = "content/faq/x.md";
	p->rel = "faq/x.md";
	p->section = "faq";
	p->type = PAGE_REGULAR;
	return frontmatter_parse(a, text, strlen(text), p);
}

static void
test_frontmatter(void **state)
{
	struct arena a = ARENA_INIT;
	struct page p;

	(void)state;
	diag_set_quiet(1);
	diag_reset();
	assert_int_equal(parse_fm(&a,
	    "---\ntitle: 如何查詢\ndate: 2015-03-02\ntheme: [\"610\", 770]\n"
	    "service: I00\ndraft: false\nweight: 3\n---\n\n# 內文\n", &p), 0);
	assert_string_equal(p.title, "如何查詢");
	assert_int_equal(p.date.year, 2015);
	assert_int_equal(p.theme.n, 2);
	assert_string_equal(p.theme.v[1], "770");
	assert_int_equal(p.theme.pos[1].line, 4);
	assert_int_equal(p.service.n, 1);
	assert_int_equal(p.weight, 3);
	assert_int_equal(p.body_line, 9);
	assert_memory_equal(p.body, "\n# 內文\n", 9);
	assert_int_equal(diag_errors(), 0);
	assert_int_equal(diag_warnings(), 0);

	/* unknown key: a warning only */
	diag_reset();
	assert_int_equal(parse_fm(&a, "---\ntitle: t\ndate: 2015-03-02\n"
	    "colour: red\n---\n", &p), 0);
	assert_int_equal(diag_warnings(), 1);
	assert_int_equal(diag_errors(), 0);

	/* wrong types: errors */
	diag_reset();
	assert_int_equal(parse_fm(&a, "---\ntitle: [a]\ndate: 2015-13-02\n"
	    "draft: maybe\nweight: x\ntheme: {a: 1}\n---\n", &p), -1);
	assert_int_equal(diag_errors(), 5);

	/* missing title and date */
	diag_reset();
	assert_int_equal(parse_fm(&a, "no front matter\n", &p), -1);
	assert_int_equal(diag_errors(), 2);

	/* not closed */
	diag_reset();
	assert_int_equal(parse_fm(&a, "---\ntitle: t\n", &p), -1);
	assert_int_equal(diag_errors(), 1);

	/* draft, BOM and CRLF */
	diag_reset();
	assert_int_equal(parse_fm(&a, "\xEF\xBB\xBF---\r\ntitle: t\r\n"
	    "date: 2015-01-01\r\ndraft: true\r\n---\r\nbody", &p), 0);
	assert_int_equal(p.draft, 1);
	assert_int_equal(p.body_line, 6);
	diag_set_quiet(0);
	diag_reset();
	arena_free(&a);
}

/* Invalid UTF-8 is an error at its first byte; every valid sequence
 * passes (RFC 3629: no overlongs, surrogates or code points past
 * U+10FFFF; a sequence cut short by the end of the file is invalid) */
static void
test_utf8(void **state)
{
	static const struct {
		const char	*body;
		const char	*want;	/* "" when valid */
	} cases[] = {
		{ "ascii only, longer than eight bytes\n", "" },
		{ "中文、emoji \xF0\x9F\x98\x80 與 \xC2\xA9\n", "" },
		{ "\xEF\xBF\xBF \xF4\x8F\xBF\xBF \xED\x9F\xBF\n", "" },
		{ "abcdefgh\xC0\x80", ":7:9: error: " },	/* overlong */
		{ "ab\xE0\x9F\xBF", ":7:3: error: " },	/* overlong */
		{ "中\xED\xA0\x80", ":7:2: error: " },	/* surrogate */
		{ "\xF4\x90\x80\x80", ":7:1: error: " },	/* > U+10FFFF */
		{ "x\x80", ":7:2: error: " },		/* lone continuation */
		{ "12345678\xE4\xB8", ":7:9: error: " },	/* cut short */
		{ "\xE4\xB8\xAD\xE4\x41\x80", ":7:2: error: " },
		{ "\xF5\x80\x80\x80", ":7:1: error: " },
	};
	struct arena a = ARENA_INIT;
	struct buf out = BUF_INIT;
	struct page p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = NULL;
		struct buf *was;

		assert_true(asprintf(&text, "---\ntitle: t\ndate: 2015-01-01\n"
		    "---\n\n\n%s", cases[i].body) > 0);
		buf_reset(&out);
		diag_reset();
		was = diag_capture(&out);
		parse_fm(&a, text, &p);
		diag_capture(was);
		if (cases[i].want[0] == '\0')
			assert_int_equal(diag_errors(), 0);
		else {
			assert_int_equal(diag_errors(), 1);
			assert_non_null(strstr(buf_cstr(&out), cases[i].want));
		}
		free(text);
	}
	diag_reset();
	buf_free(&out);
	arena_free(&a);
}

static void
test_resolve(void **state)
{
	struct buf b = BUF_INIT;

	(void)state;
	assert_int_equal(fs_resolve("faq", "../sop/x.md", 11, &b), 0);
	assert_string_equal(b.data, "sop/x.md");
	assert_int_equal(fs_resolve("", "./a/./b/../c.md", 15, &b), 0);
	assert_string_equal(b.data, "a/c.md");
	assert_int_equal(fs_resolve("faq", "../../x.md", 10, &b), -1);
	assert_int_equal(fs_resolve("faq/sub", "/about/a.md", 11, &b), 0);
	assert_string_equal(b.data, "about/a.md");
	buf_free(&b);
}

static char *
tmpsite(const char *yaml)
{
	char tmpl[] = "/tmp/gongkai-test-XXXXXX";
	char *dir = mkdtemp(tmpl), *p;

	assert_non_null(dir);
	p = fs_join(dir, "site.yaml");
	assert_int_equal(fs_write_file(p, yaml, strlen(yaml)), 0);
	free(p);
	return strdup(dir);
}

static void
test_config(void **state)
{
	struct config cfg;
	char *dir;

	(void)state;
	diag_set_quiet(1);
	diag_reset();
	dir = tmpsite("title: 範例\nbase_url: https://x.gov.tw/sub\n"
	    "date_format: iso\nmarkdown:\n  engine: cmark-gfm\n  unsafe: true\n"
	    "agency:\n  name: 範例署\n  phone: \"(02)0000\"\nmenu:\n"
	    "  - title: 常見問題\n    url: /faq/\n");
	assert_int_equal(config_load(dir, &cfg), 0);
	assert_string_equal(cfg.title, "範例");
	assert_string_equal(cfg.base_url, "https://x.gov.tw/sub/");
	assert_string_equal(cfg.base_path, "/sub/");
	assert_int_equal(cfg.date_format, DATE_ISO);
	assert_int_equal(cfg.engine, MARKDOWN_CMARK_GFM);
	assert_int_equal(cfg.unsafe_html, 1);
	assert_string_equal(cfg.agency.name, "範例署");
	assert_int_equal(cfg.nmenu, 1);
	assert_string_equal(cfg.menu[0].url, "/faq/");
	assert_int_equal(diag_errors(), 0);
	config_free(&cfg);
	fs_remove_tree(dir);
	free(dir);

	diag_reset();
	dir = tmpsite("title: x\nbase_url: ftp://x\ndate_format: julian\n"
	    "markdown: pandoc\nmenu: {a: 1}\nfoo: 1\n");
	assert_int_equal(config_load(dir, &cfg), -1);
	assert_int_equal(diag_errors(), 4);
	/* foo, and agency.code missing (DC.Identifier) */
	assert_int_equal(diag_warnings(), 2);
	config_free(&cfg);
	fs_remove_tree(dir);
	free(dir);
	diag_set_quiet(0);
	diag_reset();
}

static struct page *
mkpage(struct site *s, const char *rel, enum page_type type, const char *title,
    const char *date, long weight)
{
	struct page *p = arena_alloc(&s->arena, sizeof(*p));
	const char *slash = strchr(rel, '/');

	p->rel = rel;
	p->path = arena_printf(&s->arena, "content/%s", rel);
	p->section = slash ? arena_strndup(&s->arena, rel, (size_t)(slash - rel)) : "";
	p->type = type;
	p->title = title;
	p->summary = "";
	p->weight = weight;
	if (date)
		date_parse(date, &p->date);
	site_add_page(s, p);
	return p;
}

static void
test_site_model(void **state)
{
	struct config cfg;
	struct site s;
	char *dir;

	(void)state;
	diag_set_quiet(1);
	diag_reset();
	dir = tmpsite("title: 範例\nbase_url: https://x.gov.tw/\n");
	assert_int_equal(config_load(dir, &cfg), 0);
	site_init(&s, &cfg);
	s.content_dir = "content";
	mkpage(&s, "faq/b.md", PAGE_REGULAR, "乙", "2015-01-02", 0);
	mkpage(&s, "faq/a.md", PAGE_REGULAR, "甲", "2015-01-01", 0);
	mkpage(&s, "faq/c.md", PAGE_REGULAR, "丙", "2014-01-01", 1);
	mkpage(&s, "sop/_index.md", PAGE_SECTION, "標準作業程序", NULL, 1);
	mkpage(&s, "about.md", PAGE_REGULAR, "關於", "2015-01-01", 0);
	assert_int_equal(site_build(&s), 0);
	assert_int_equal(s.nsections, 2);
	/* weight first, then unweighted sections by name */
	assert_string_equal(s.sections[0].name, "sop");
	assert_string_equal(s.sections[1].name, "faq");
	assert_string_equal(s.sections[1].title, "faq");	/* generated */
	assert_int_equal(s.sections[1].npages, 3);
	/* weighted page first, then newest */
	assert_string_equal(s.sections[1].pages[0]->title, "丙");
	assert_string_equal(s.sections[1].pages[1]->title, "乙");
	assert_string_equal(site_find_page(&s, "faq/a.md")->url, "/faq/a/");
	assert_string_equal(site_find_page(&s, "faq/a.md")->out, "faq/a/index.html");
	assert_string_equal(site_find_page(&s, "about.md")->url, "/about/");
	assert_non_null(s.home);
	assert_string_equal(s.home->title, "範例");
	assert_null(site_find_page(&s, "faq/zzz.md"));
	site_free(&s);

	/* two sources, one URL */
	site_init(&s, &cfg);
	s.content_dir = "content";
	struct page *p = mkpage(&s, "faq/a.md", PAGE_REGULAR, "甲", "2015-01-01", 0);
	p->slug = "same";
	p = mkpage(&s, "faq/b.md", PAGE_REGULAR, "乙", "2015-01-01", 0);
	p->slug = "same";
	diag_reset();
	assert_int_equal(site_build(&s), -1);
	assert_int_equal(diag_errors(), 1);
	site_free(&s);
	config_free(&cfg);
	fs_remove_tree(dir);
	free(dir);
	diag_set_quiet(0);
	diag_reset();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date),
		cmocka_unit_test(test_yaml_positions),
		cmocka_unit_test(test_frontmatter),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_yamlcache),
		cmocka_unit_test(test_fmcache),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_site_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
