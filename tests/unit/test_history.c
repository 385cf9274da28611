/* Unit tests for the history module: time zones without TZ, UTF-8
 * sanitising, and the cache (round trip, damage detection), on the fixture
 * repository built by tests/fixtures/make-history-repo.sh. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "history.h"

/* ------------------------------------------------------------------ */
/* Time                                                                */
/* ------------------------------------------------------------------ */

static void
test_format_iso(void **state)
{
	char s[40];

	(void)state;
	history_format_iso(0, 0, s, sizeof(s));
	assert_string_equal(s, "1970-01-01T00:00:00+00:00");
	/* 2015-01-05T10:00:00+08:00 is 02:00 UTC */
	history_format_iso(1420423200, 480, s, sizeof(s));
	assert_string_equal(s, "2015-01-05T10:00:00+08:00");
	history_format_iso(1420423200, -300, s, sizeof(s));
	assert_string_equal(s, "2015-01-04T21:00:00-05:00");
	history_format_iso(1420423200, 330, s, sizeof(s));
	assert_string_equal(s, "2015-01-05T07:30:00+05:30");
	history_format_iso(-1, 0, s, sizeof(s));
	assert_string_equal(s, "1969-12-31T23:59:59+00:00");
	history_format_iso(951825600, 0, s, sizeof(s));	/* leap day */
	assert_string_equal(s, "2000-02-29T12:00:00+00:00");
}

static int
have_zone(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", name);
	return fs_is_file(path);
}

static void
test_tz_taipei(void **state)
{
	struct history_tz *tz;
	char s[40];

	(void)state;
	/* The machine's TZ must not matter. */
	setenv("TZ", "America/New_York", 1);
	assert_int_equal(history_tz_load("Asia/Taipei", &tz), 0);
	assert_int_equal(history_tz_offset(tz, 1420423200), 8 * 3600);
	history_format_tz(tz, 1420423200, s, sizeof(s));
	assert_string_equal(s, "2015-01-05T10:00:00+08:00");
	/* far beyond the table: the footer rule (CST-8) */
	assert_int_equal(history_tz_offset(tz, 4102444800LL), 8 * 3600);
	if (have_zone("Asia/Taipei")) {
		/* Taiwan kept daylight saving in 1979 (July to September) */
		assert_int_equal(history_tz_offset(tz, 300000000), 9 * 3600);
	}
	history_tz_free(tz);
	/* the default zone is Asia/Taipei */
	assert_int_equal(history_tz_load(NULL, &tz), 0);
	assert_int_equal(history_tz_offset(tz, 1420423200), 8 * 3600);
	history_tz_free(tz);
	unsetenv("TZ");
}

static void
test_tz_rules(void **state)
{
	struct history_tz *tz;
	char s[40];

	(void)state;
	if (!have_zone("America/New_York") || !have_zone("Australia/Sydney"))
		skip();
	assert_int_equal(history_tz_load("America/New_York", &tz), 0);
	assert_int_equal(history_tz_offset(tz, 1420070400), -5 * 3600);
	assert_int_equal(history_tz_offset(tz, 1435708800), -4 * 3600);
	/* 2015-03-08 02:00 EST became 03:00 EDT at 07:00 UTC */
	assert_int_equal(history_tz_offset(tz, 1425798000 - 1), -5 * 3600);
	assert_int_equal(history_tz_offset(tz, 1425798000), -4 * 3600);
	history_format_tz(tz, 1425798000, s, sizeof(s));
	assert_string_equal(s, "2015-03-08T03:00:00-04:00");
	/* 2100: past any table, from the POSIX rule in the footer */
	assert_int_equal(history_tz_offset(tz, 4102444800LL), -5 * 3600);
	assert_int_equal(history_tz_offset(tz, 4118083200LL), -4 * 3600);
	history_tz_free(tz);
	/* southern hemisphere: daylight saving spans the new year */
	assert_int_equal(history_tz_load("Australia/Sydney", &tz), 0);
	assert_int_equal(history_tz_offset(tz, 4102444800LL), 11 * 3600);
	assert_int_equal(history_tz_offset(tz, 4118083200LL), 10 * 3600);
	history_tz_free(tz);
}

static void
test_tz_names(void **state)
{
	struct history_tz *tz;

	(void)state;
	assert_int_equal(history_tz_load("+05:30", &tz), 0);
	assert_int_equal(history_tz_offset(tz, 0), 5 * 3600 + 1800);
	history_tz_free(tz);
	assert_int_equal(history_tz_load("-03:00", &tz), 0);
	assert_int_equal(history_tz_offset(tz, 0), -3 * 3600);
	history_tz_free(tz);
	assert_int_equal(history_tz_load("UTC", &tz), 0);
	assert_int_equal(history_tz_offset(tz, 1420423200), 0);
	history_tz_free(tz);
	assert_int_equal(history_tz_load("../../etc/passwd", &tz), -1);
	assert_int_equal(history_tz_load("/etc/localtime", &tz), -1);
	assert_int_equal(history_tz_load("No/Such_Zone", &tz), -1);
	assert_int_equal(history_tz_load("+25:00", &tz), -1);
}

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

static void
sanitized(const char *in, size_t len, const char *want)
{
	struct buf b = BUF_INIT;

	history_utf8_sanitize(in, len, &b);
	assert_string_equal(buf_cstr(&b), want);
	buf_free(&b);
}

#define FFFD "\xef\xbf\xbd"

static void
test_utf8(void **state)
{
	(void)state;
	sanitized("", 0, "");
	sanitized("王小明 abc", strlen("王小明 abc"), "王小明 abc");
	sanitized("\xf0\x9f\x98\x80", 4, "\xf0\x9f\x98\x80");	/* 4 bytes */
	sanitized("a\xff" "b", 3, "a" FFFD "b");
	/* Big5 王小: lead bytes that are UTF-8 continuation bytes */
	sanitized("\xa4\xfd\xa4\x70", 4, FFFD FFFD FFFD "p");
	/* a truncated sequence is one U+FFFD */
	sanitized("\xe4\xb8", 2, FFFD);
	sanitized("\xe4\xb8x", 3, FFFD "x");
	/* overlong, surrogate, beyond U+10FFFF */
	sanitized("\xc0\xaf", 2, FFFD FFFD);
	sanitized("\xe0\x80\xaf", 3, FFFD FFFD FFFD);
	sanitized("\xed\xa0\x80", 3, FFFD FFFD FFFD);
	sanitized("\xf4\x90\x80\x80", 4, FFFD FFFD FFFD FFFD);
	/* NUL would cut a C string short */
	sanitized("a\0b", 3, "a" FFFD "b");
	/* valid text after a bad byte survives */
	sanitized("\xff中", 4, FFFD "中");
}

/* ------------------------------------------------------------------ */
/* The fixture repository                                              */
/* ------------------------------------------------------------------ */

struct fx {
	char	 dir[256];	/* temporary folder */
	char	 repo[300];	/* its repository */
	char	 cache[300];	/* a cache folder */
};

static int
fixture_setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	char script[512], cmd[1200];
	const char *src = __FILE__, *slash = strrchr(src, '/');

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/gongkai-test-history-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->repo, sizeof(f->repo), "%s/repo", f->dir);
	snprintf(f->cache, sizeof(f->cache), "%s/cache", f->dir);
	snprintf(script, sizeof(script), "%.*s/../fixtures/make-history-repo.sh",
	    slash ? (int)(slash - src) : 1, slash ? src : ".");
	snprintf(cmd, sizeof(cmd), "sh '%s' '%s' >/dev/null 2>&1", script, f->repo);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot build the fixture with %s\n", script);
		return -1;
	}
	diag_set_quiet(1);
	*state = f;
	return 0;
}

static int
fixture_teardown(void **state)
{
	struct fx *f = *state;
	char cmd[400];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	diag_set_quiet(0);
	return 0;
}

/* Everything a history says, as text, to compare two of them. */
static void
snapshot(const struct history *h, struct buf *out)
{
	size_t i, k, n;

	for (i = 0; i < history_path_count(h); i++) {
		const char *p = history_path_at(h, i);
		const struct history_entry *e = history_lookup(h, p, &n);

		for (k = 0; k < n; k++)
			buf_printf(out, "%s %s %lld %d %s <%s> %s\n", p, e[k].id,
			    e[k].time, e[k].offset, e[k].author_name,
			    e[k].author_email, e[k].subject);
	}
}

static enum history_how
open_how(const struct fx *f, struct buf *snap)
{
	struct history *h = NULL;
	struct history_stats st;

	assert_int_equal(history_open(f->repo, f->cache, NULL, &h), 0);
	history_get_stats(h, &st);
	buf_reset(snap);
	snapshot(h, snap);
	history_free(h);
	return st.how;
}

static void
corrupt(const char *path, long off, const char *bytes, size_t n)
{
	FILE *fp = fopen(path, "r+b");

	assert_non_null(fp);
	if (off < 0) {
		assert_int_equal(fseek(fp, off, SEEK_END), 0);
	} else
		assert_int_equal(fseek(fp, off, SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void
test_cache_round_trip(void **state)
{
	struct fx *f = *state;
	struct buf a = BUF_INIT, b = BUF_INIT, file = BUF_INIT;
	char path[400];

	snprintf(path, sizeof(path), "%s/history.cache", f->cache);
	fs_remove_tree(f->cache);
	assert_int_equal(open_how(f, &a), HISTORY_FULL);
	assert_true(a.len > 1000);
	assert_true(fs_is_file(path));
	assert_int_equal(open_how(f, &b), HISTORY_CACHED);
	assert_string_equal(buf_cstr(&a), buf_cstr(&b));
	/* byte-identical when written again from a full walk */
	assert_int_equal(fs_read_file(path, &file), 0);
	{
		struct buf again = BUF_INIT;

		fs_remove_tree(f->cache);
		assert_int_equal(open_how(f, &b), HISTORY_FULL);
		assert_int_equal(fs_read_file(path, &again), 0);
		assert_int_equal(again.len, file.len);
		assert_memory_equal(again.data, file.data, file.len);
		buf_free(&again);
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&file);
}

static void
test_cache_damage(void **state)
{
	struct fx *f = *state;
	struct buf good = BUF_INIT, snap = BUF_INIT, file = BUF_INIT;
	char path[400];
	long offs[] = { 0, 9, 20, 50, 80, 400, 1500, -100, -12, -1 };
	size_t i, len;

	snprintf(path, sizeof(path), "%s/history.cache", f->cache);
	fs_remove_tree(f->cache);
	open_how(f, &good);
	assert_int_equal(fs_read_file(path, &file), 0);
	len = file.len;
	/* one flipped byte anywhere: header, pool, records, checksum */
	for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		char c;

		assert_int_equal(fs_write_file(path, file.data, len), 0);
		c = (char)(file.data[offs[i] < 0 ? (long)len + offs[i] : offs[i]] ^ 0x41);
		corrupt(path, offs[i], &c, 1);
		diag_reset();
		assert_int_equal(open_how(f, &snap), HISTORY_FULL);
		assert_int_equal(diag_warnings(), 1);
		assert_string_equal(buf_cstr(&snap), buf_cstr(&good));
		/* and the rewritten cache is good again */
		diag_reset();
		assert_int_equal(open_how(f, &snap), HISTORY_CACHED);
		assert_int_equal(diag_warnings(), 0);
	}
	/* truncated at several lengths, one byte too many, empty */
	{
		size_t cuts[] = { 0, 7, 40, 71, 72, 500, len / 2, len - 8, len - 1 };

		for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
			assert_int_equal(fs_write_file(path, file.data, cuts[i]), 0);
			diag_reset();
			assert_int_equal(open_how(f, &snap), HISTORY_FULL);
			assert_int_equal(diag_warnings(), 1);
			assert_string_equal(buf_cstr(&snap), buf_cstr(&good));
		}
		buf_putc(&file, 'x');
		assert_int_equal(fs_write_file(path, file.data, file.len), 0);
		diag_reset();
		assert_int_equal(open_how(f, &snap), HISTORY_FULL);
		assert_int_equal(diag_warnings(), 1);
	}
	buf_free(&good);
	buf_free(&snap);
	buf_free(&file);
}

static void
test_no_repository(void **state)
{
	struct fx *f = *state;
	struct history *h = NULL;
	struct history_options opt;
	char dir[400];
	size_t n = 99;

	(void)f;
	snprintf(dir, sizeof(dir), "%s/not-a-repo/content", f->dir);
	assert_int_equal(fs_mkdir_p(dir), 0);
	diag_reset();
	assert_int_equal(history_open(dir, "", NULL, &h), 0);
	assert_non_null(h);
	assert_int_equal(diag_warnings(), 1);
	assert_int_equal(history_has_repo(h), 0);
	assert_null(history_lookup(h, "content/a.md", &n));
	assert_int_equal(n, 0);
	assert_int_equal(history_path_count(h), 0);
	assert_int_equal(history_status(h, "content/a.md"), HISTORY_CLEAN);
	assert_null(history_repo_path(h, dir));
	history_free(h);
	/* require_repo turns it into an error */
	memset(&opt, 0, sizeof(opt));
	opt.require_repo = 1;
	assert_int_equal(history_open(dir, NULL, &opt, &h), -1);
	assert_null(h);
}

static void
test_lookup_blob_status(void **state)
{
	struct fx *f = *state;
	struct history *h = NULL;
	struct history_options opt;
	const struct history_entry *e;
	struct buf b = BUF_INIT, p = BUF_INIT;
	char *rel;
	size_t n;

	memset(&opt, 0, sizeof(opt));
	opt.status = 1;
	/* a modified file and an untracked one */
	buf_printf(&p, "%s/content/faq/apply.md", f->repo);
	assert_int_equal(fs_write_file(buf_cstr(&p), "changed\n", 8), 0);
	buf_reset(&p);
	buf_printf(&p, "%s/content/faq/draft.md", f->repo);
	assert_int_equal(fs_write_file(buf_cstr(&p), "draft\n", 6), 0);

	assert_int_equal(history_open(f->repo, NULL, &opt, &h), 0);
	assert_int_equal(history_status(h, "content/faq/apply.md"), HISTORY_MODIFIED);
	assert_int_equal(history_status(h, "content/faq/draft.md"), HISTORY_UNTRACKED);
	assert_int_equal(history_status(h, "content/_index.md"), HISTORY_CLEAN);

	/* the oldest commit of apply.md holds its first text */
	e = history_lookup(h, "content/faq/apply.md", &n);
	assert_non_null(e);
	assert_true(n >= 5);
	assert_int_equal(strlen(e[0].id), 40);
	assert_string_equal(e[n - 1].subject, "Initial content");
	assert_string_equal(e[n - 1].author_name, "王小明");
	assert_string_equal(e[n - 1].author_email, "ming@example.gov.tw");
	assert_int_equal(e[n - 1].offset, 480);
	assert_true(e[0].time > e[n - 1].time);
	assert_int_equal(history_blob_at(h, e[n - 1].id, "content/faq/apply.md", &b), 0);
	assert_string_equal(buf_cstr(&b), "如何申請閱卷？\n");
	buf_reset(&b);
	{
		char abbrev[13];

		memcpy(abbrev, e[n - 2].id, 12);
		abbrev[12] = '\0';
		assert_int_equal(history_blob_at(h, abbrev, "content/faq/apply.md", &b), 0);
		assert_string_equal(buf_cstr(&b), "如何申請閱卷？（修訂）\n");
	}
	assert_int_equal(history_blob_at(h, e[n - 1].id, "content/nope.md", &b), -1);
	assert_int_equal(history_blob_at(h, "0123456789abcdef", "content/faq/apply.md", &b), -1);
	assert_int_equal(history_blob_at(h, e[0].id, "content/faq", &b), -1);

	/* repository-relative paths */
	buf_reset(&p);
	buf_printf(&p, "%s/content/faq/apply.md", f->repo);
	rel = history_repo_path(h, buf_cstr(&p));
	assert_non_null(rel);
	assert_string_equal(rel, "content/faq/apply.md");
	free(rel);
	buf_reset(&p);
	buf_printf(&p, "%s/content/./faq/../faq/not-yet.md", f->repo);
	rel = history_repo_path(h, buf_cstr(&p));
	assert_non_null(rel);
	assert_string_equal(rel, "content/faq/not-yet.md");
	free(rel);
	buf_reset(&p);
	buf_printf(&p, "%s/content/missing/../faq/x.md", f->repo);
	rel = history_repo_path(h, buf_cstr(&p));
	assert_non_null(rel);
	assert_string_equal(rel, "content/faq/x.md");
	free(rel);
	buf_reset(&p);
	buf_printf(&p, "%s/content/missing/../../../outside.md", f->repo);
	assert_null(history_repo_path(h, buf_cstr(&p)));
	assert_null(history_repo_path(h, "/usr/share"));
	assert_non_null(history_workdir(h));
	history_free(h);

	/* the status over one folder: what is in it as before, what is
	 * outside it not asked about (clean) */
	{
		struct buf dir = BUF_INIT, idx = BUF_INIT, was = BUF_INIT;

		buf_printf(&idx, "%s/content/_index.md", f->repo);
		assert_int_equal(fs_read_file(buf_cstr(&idx), &was), 0);
		assert_int_equal(fs_write_file(buf_cstr(&idx), "changed\n", 8),
		    0);
		assert_int_equal(history_open(f->repo, NULL, &opt, &h), 0);
		assert_int_equal(history_status(h, "content/_index.md"),
		    HISTORY_MODIFIED);
		history_free(h);
		buf_printf(&dir, "%s/content/faq", f->repo);
		opt.status_dir = buf_cstr(&dir);
		assert_int_equal(history_open(f->repo, NULL, &opt, &h), 0);
		assert_int_equal(history_status(h, "content/faq/apply.md"),
		    HISTORY_MODIFIED);
		assert_int_equal(history_status(h, "content/faq/draft.md"),
		    HISTORY_UNTRACKED);
		assert_int_equal(history_status(h, "content/_index.md"),
		    HISTORY_CLEAN);
		history_free(h);
		opt.status_dir = NULL;
		assert_int_equal(fs_write_file(buf_cstr(&idx), was.data,
		    was.len), 0);
		buf_free(&dir);
		buf_free(&idx);
		buf_free(&was);
	}
	buf_free(&b);
	buf_free(&p);
}

static void
test_follow(void **state)
{
	struct fx *f = *state;
	struct history *h = NULL;
	struct history_options opt;
	const struct history_entry *e;
	size_t n;

	memset(&opt, 0, sizeof(opt));
	assert_int_equal(history_open(f->repo, NULL, &opt, &h), 0);
	e = history_lookup(h, "content/archive/new-name.md", &n);
	assert_int_equal(n, 2);
	history_free(h);
	opt.follow_renames = 1;
	assert_int_equal(history_open(f->repo, NULL, &opt, &h), 0);
	e = history_lookup(h, "content/archive/new-name.md", &n);
	assert_int_equal(n, 5);
	assert_string_equal(e[0].subject, "Edit after the moves");
	assert_string_equal(e[1].subject, "Move it into archive (exact)");
	assert_string_equal(e[2].subject, "Rename old-name to new-name (exact)");
	assert_string_equal(e[4].subject, "Add a file that will be renamed");
	/* the intermediate path keeps its own short life */
	e = history_lookup(h, "content/faq/new-name.md", &n);
	assert_int_equal(n, 4);
	history_free(h);
}

int
main(void)
{
	/* One group, so the runner's count is every test; the time and
	 * UTF-8 tests do not use the fixture. */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format_iso),
		cmocka_unit_test(test_tz_taipei),
		cmocka_unit_test(test_tz_rules),
		cmocka_unit_test(test_tz_names),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_cache_round_trip),
		cmocka_unit_test(test_cache_damage),
		cmocka_unit_test(test_no_repository),
		cmocka_unit_test(test_follow),
		cmocka_unit_test(test_lookup_blob_status),
	};

	return cmocka_run_group_tests_name("history", tests, fixture_setup,
	    fixture_teardown);
}
