/* Unit tests for outpath: output paths stay under the output folder. */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "fs.h"
#include "outpath.h"

static int
chk(const char *s)
{
	return outpath_check(s, strlen(s));
}

static void
test_outpath_check(void **state)
{
	(void)state;
	assert_int_equal(chk("index.html"), 0);
	assert_int_equal(chk("faq/常見問題/index.html"), 0);
	assert_int_equal(chk("a.b/..c/d..e/.hidden"), 0);
	assert_int_equal(chk(""), -1);
	assert_int_equal(chk("/etc/passwd"), -1);
	assert_int_equal(chk(".."), -1);
	assert_int_equal(chk("../x"), -1);
	assert_int_equal(chk("a/../../x"), -1);
	assert_int_equal(chk("a/.."), -1);
	assert_int_equal(chk("./a"), -1);
	assert_int_equal(chk("a/./b"), -1);
	assert_int_equal(chk("a//b"), -1);
	assert_int_equal(chk("a/"), -1);
	assert_int_equal(chk("a\\..\\..\\x"), -1);
	assert_int_equal(chk("a\nb"), -1);
	assert_int_equal(chk("a\x7f"), -1);
	/* an embedded NUL: the length says there is more */
	assert_int_equal(outpath_check("a\0/../../x", 10), -1);
}

static void
test_outpath_join(void **state)
{
	char tmpl[] = "/tmp/gk-outpath-XXXXXX", *p = NULL, *q;
	char *root, *victim;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	root = fs_join(tmpl, "out");
	victim = fs_join(tmpl, "victim");
	assert_int_equal(fs_mkdir_p(root), 0);
	assert_int_equal(fs_mkdir_p(victim), 0);

	assert_int_equal(outpath_join(root, "faq/a/index.html", 1, &p), 0);
	q = fs_join(root, "faq/a/index.html");
	assert_string_equal(p, q);
	free(p);
	free(q);
	assert_int_equal(outpath_join(root, "../victim/x", 1, &p), OUTPATH_BAD);
	assert_null(p);
	assert_int_equal(outpath_join(root, "/etc/passwd", 0, &p), OUTPATH_BAD);
	assert_null(p);

	/* a link planted in the output folder is found, at any depth */
	q = fs_join(root, "faq");
	assert_int_equal(fs_mkdir_p(q), 0);
	free(q);
	q = fs_join(root, "faq/a");
	assert_int_equal(symlink(victim, q), 0);
	assert_int_equal(outpath_join(root, "faq/a/index.html", 1, &p),
	    OUTPATH_LINK);
	assert_string_equal(p, q);
	free(p);
	assert_int_equal(outpath_join(root, "faq/a", 1, &p), OUTPATH_LINK);
	free(p);
	/* without the check (the fresh staging folder), only the syntax */
	assert_int_equal(outpath_join(root, "faq/a/index.html", 0, &p), 0);
	free(p);
	free(q);

	fs_remove_tree(tmpl);
	assert_false(fs_is_dir(victim));
	free(root);
	free(victim);
}

static void
test_outpath_check_out_dir(void **state)
{
	char tmpl[] = "/tmp/gk-outdir-XXXXXX";
	char *site, *p;
	size_t before;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	site = fs_join(tmpl, "site");
	p = fs_join(site, "content/faq");
	assert_int_equal(fs_mkdir_p(p), 0);
	free(p);
	before = diag_errors();
	diag_suspend();	/* the messages are the suite's business */

	p = fs_join(site, "public");
	assert_int_equal(outpath_check_out_dir(p, site), 0);
	free(p);
	p = fs_join(tmpl, "elsewhere/new/out");
	assert_int_equal(outpath_check_out_dir(p, site), 0);
	free(p);
	assert_int_equal(outpath_check_out_dir(site, site), -1);
	assert_int_equal(outpath_check_out_dir(tmpl, site), -1);
	assert_int_equal(outpath_check_out_dir("/", site), -1);
	p = fs_join(site, "content");
	assert_int_equal(outpath_check_out_dir(p, site), -1);
	free(p);
	p = fs_join(site, "content/faq/new");	/* not there yet */
	assert_int_equal(outpath_check_out_dir(p, site), -1);
	free(p);
	p = fs_join(site, "public/../content/.");
	assert_int_equal(outpath_check_out_dir(p, site), -1);
	free(p);
	p = fs_join(site, "layouts");	/* a source folder even when missing */
	assert_int_equal(outpath_check_out_dir(p, site), -1);
	free(p);
	/* through a link to the site */
	p = fs_join(tmpl, "link");
	assert_int_equal(symlink(site, p), 0);
	assert_int_equal(outpath_check_out_dir(p, site), -1);
	free(p);
	p = fs_join(tmpl, "link/content");
	assert_int_equal(outpath_check_out_dir(p, site), -1);
	free(p);
	diag_resume();
	(void)before;
	fs_remove_tree(tmpl);
	free(site);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outpath_check),
		cmocka_unit_test(test_outpath_join),
		cmocka_unit_test(test_outpath_check_out_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
