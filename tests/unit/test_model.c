/* Unit tests for the parse and model stages: dates, YAML, front matter,
 * config, path resolution and the site model. */
#include "harness.h"

#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "date.h"
#include "diag.h"
#include "frontmatter.h"
#include "yamlcache.h"
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
	unlink(file);
	free(file);
	assert_true(asprintf(&file, "%s/.gongkai/.gitignore", dir) > 0);
	unlink(file);
	free(file);
	assert_true(asprintf(&file, "%s/.gongkai", dir) > 0);
	rmdir(file);
	free(file);
	rmdir(dir);
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
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_config),
		cmocka_unit_test(test_site_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
