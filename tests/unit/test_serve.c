/* serve.c: the preview server's path check, types and error page. */
#include "harness.h"

#include <string.h>

#include "buf.h"
#include "serve.h"

static void
test_path_safe(void **state)
{
	static const char *const good[] = {
		"/", "/index.html", "/faq/visit/", "/css/gongkai.css",
		"/faq/常見問題/", "/a..b/", "/..a", "/x/...", NULL
	};
	/* as libmicrohttpd hands them over: %2e%2e, ..%2f, %5c decoded */
	static const char *const bad[] = {
		"/..", "/../etc/passwd", "/faq/../../x", "/./x", "/faq/.",
		"/faq/..", "/..\\..\\x", "/css\\..\\x", "/a\\b", "/x/\x01y",
		"/../", "/faq/./", NULL
	};
	size_t i;

	(void)state;
	for (i = 0; good[i] != NULL; i++)
		assert_int_equal(serve_path_safe(good[i]), 1);
	for (i = 0; bad[i] != NULL; i++)
		assert_int_equal(serve_path_safe(bad[i]), 0);
}

static void
test_mime_types(void **state)
{
	(void)state;
	assert_string_equal(serve_mime_type("a/index.html"),
	    "text/html; charset=utf-8");
	assert_string_equal(serve_mime_type("x.CSS"), "text/css; charset=utf-8");
	assert_string_equal(serve_mime_type("js/search.js"),
	    "text/javascript; charset=utf-8");
	assert_string_equal(serve_mime_type("i.svg"), "image/svg+xml");
	assert_string_equal(serve_mime_type("sitemap.xml"),
	    "application/xml; charset=utf-8");
	assert_string_equal(serve_mime_type("form.pdf"), "application/pdf");
	assert_string_equal(serve_mime_type("noext"), "application/octet-stream");
	assert_string_equal(serve_mime_type("dir.html/file"),
	    "application/octet-stream");
}

static void
test_error_page(void **state)
{
	struct buf b = BUF_INIT;
	const char *diags =
	    "content/faq/<x>.md:3:1: error: YAML 格式錯誤 <script>alert(1)</script>\n"
	    "site.yaml:4:3: warning: 未設定 agency.code & \"more\"\n"
	    "gongkai: 其他訊息\n";

	(void)state;
	serve_error_page(&b, diags, "<script src=\"/r.js\"></script>\n");
	/* every line listed, path:line:col and message escaped */
	assert_non_null(strstr(b.data, "<li><code>content/faq/&lt;x&gt;.md:3:1"
	    "</code>: <strong class=\"error\">error</strong>: YAML 格式錯誤 "
	    "&lt;script&gt;alert(1)&lt;/script&gt;</li>"));
	assert_non_null(strstr(b.data, "<li><code>site.yaml:4:3</code>: <strong "
	    "class=\"warning\">warning</strong>: 未設定 agency.code &amp; "
	    "&quot;more&quot;</li>"));
	assert_non_null(strstr(b.data, "<li>gongkai: 其他訊息</li>"));
	assert_null(strstr(b.data, "<script>alert"));
	assert_non_null(strstr(b.data, "<html lang=\"zh-Hant-TW\">"));
	assert_non_null(strstr(b.data, "<h1>建置失敗 (build failed)</h1>"));
	/* the reload tag goes in as given, before </body> */
	assert_non_null(strstr(b.data, "<script src=\"/r.js\"></script>\n"
	    "</body>"));
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_path_safe),
		cmocka_unit_test(test_mime_types),
		cmocka_unit_test(test_error_page),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
