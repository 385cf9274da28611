/* Unit tests for sanitize: raw HTML and URLs (issue 10). */
#include "harness.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "sanitize.h"

static char *
san(const char *in)
{
	struct buf b = BUF_INIT;

	sanitize_html(&b, in, strlen(in));
	return buf_detach(&b);
}

#define SAN_EQ(in, want) do { \
	char *got_ = san(in); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

static int
url_ok(const char *u, int image)
{
	return sanitize_url_ok(u, strlen(u), image);
}

static void
test_url_schemes(void **state)
{
	(void)state;
	assert_true(url_ok("https://www.moj.gov.tw/", 0));
	assert_true(url_ok("/faq/x/", 0));
	assert_true(url_ok("x.html#a:b", 0));
	assert_true(url_ok("mailto:a@example.gov.tw", 0));
	assert_true(url_ok("?q=javascript:", 0));
	assert_false(url_ok("javascript:alert(1)", 0));
	assert_false(url_ok("JavaScript:alert(1)", 0));
	assert_false(url_ok(" \t\njavascript:alert(1)", 0));
	assert_false(url_ok("java\tscr\nipt:alert(1)", 0));
	assert_false(url_ok("java\x01script:alert(1)", 0));
	assert_false(url_ok("jav&#x61;script:alert(1)", 0));
	assert_false(url_ok("jav&#X61script:alert(1)", 0));
	assert_false(url_ok("&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;x", 0));
	assert_false(url_ok("&#0000106avascript:x", 0));
	assert_false(url_ok("javascript&colon;alert(1)", 0));
	assert_false(url_ok("java&Tab;script:alert(1)", 0));
	assert_false(url_ok("vbscript:msgbox", 0));
	assert_false(url_ok("file:///etc/passwd", 0));
	assert_false(url_ok("data:text/html,<script>", 0));
	assert_false(url_ok("data:text/html,<script>", 1));
	assert_false(url_ok("data:image/png;base64,AAAA", 0));
	assert_true(url_ok("data:image/png;base64,AAAA", 1));
	assert_false(url_ok("data:image/svg+xml,<svg onload=x>", 1));
	/* an entity we do not decode ends the scheme: a relative URL */
	assert_true(url_ok("java&amp;script:x", 0));
}

static void
test_dropped_elements(void **state)
{
	(void)state;
	SAN_EQ("<p>a</p><script>alert(1)</script><p>b</p>", "<p>a</p><p>b</p>");
	SAN_EQ("<SCRIPT type=text/javascript>x</SCRIPT >b", "b");
	SAN_EQ("<style>*{}</style><iframe src=x>t</iframe>", "");
	SAN_EQ("<object data=x><embed src=y></object>z", "z");
	SAN_EQ("<frameset><frame src=x></frameset>", "");
	SAN_EQ("<applet code=x>a</applet><base href=//evil/>", "");
	SAN_EQ("<meta http-equiv=refresh content=\"0;url=javascript:x\">", "");
	SAN_EQ("<svg><set attributeName=href to=javascript:x /></svg>",
	    "<svg></svg>");
	/* the end tag must be the element's own */
	SAN_EQ("<script>a</p>b</scriptx></script>c", "c");
	/* unterminated: the rest of the fragment is dropped */
	SAN_EQ("a<script>b", "a");
}

static void
test_attributes(void **state)
{
	(void)state;
	SAN_EQ("<a href=\"https://x/\" onclick=\"x()\" ONMOUSEOVER=y>t</a>",
	    "<a href=\"https://x/\">t</a>");
	SAN_EQ("<a href='javascript:x'>t</a>", "<a>t</a>");
	SAN_EQ("<a href=jav&#x61;script:x>t</a>", "<a>t</a>");
	SAN_EQ("<a HREF=\" java\tscript:x\">t</a>", "<a>t</a>");
	SAN_EQ("<form action=javascript:x><button formaction=vbscript:y>b</button></form>",
	    "<form><button>b</button></form>");
	SAN_EQ("<svg><a xlink:href=\"javascript:x\">t</a></svg>", "<svg><a>t</a></svg>");
	SAN_EQ("<img src=\"data:image/png;base64,AA\" alt=x>",
	    "<img src=\"data:image/png;base64,AA\" alt=\"x\">");
	SAN_EQ("<a href=\"data:image/png;base64,AA\">x</a>", "<a>x</a>");
	SAN_EQ("<img srcset=\"a.png 1x, javascript:x 2x\" alt=\"\">",
	    "<img alt=\"\">");
	SAN_EQ("<img srcset=\"a.png 1x, b.png 2x\" alt=\"\" />",
	    "<img srcset=\"a.png 1x, b.png 2x\" alt=\"\" />");
	SAN_EQ("<p style=\"color: red\">a</p>", "<p style=\"color: red\">a</p>");
	SAN_EQ("<p style=\"width: expression(alert(1))\">a</p>", "<p>a</p>");
	SAN_EQ("<p style=\"background: url(javascript:x)\">a</p>", "<p>a</p>");
	/* quoting is normalised: a single-quoted " cannot break out */
	SAN_EQ("<p title='a\"onclick=\"x'>t</p>",
	    "<p title=\"a&quot;onclick=&quot;x\">t</p>");
	/* odd attribute names are dropped, not guessed at */
	SAN_EQ("<p \"onclick=x\" a\"b=c>t</p>", "<p>t</p>");
	SAN_EQ("<p/onclick=x>t</p>", "<p>t</p>");
	/* end tags carry nothing */
	SAN_EQ("</p onclick=x>", "</p>");
}

static void
test_comments_and_text(void **state)
{
	(void)state;
	SAN_EQ("a<!-- <script>x</script> -->b", "ab");
	SAN_EQ("a<!--[if IE]><script>x</script><![endif]-->b", "ab");
	SAN_EQ("a<![CDATA[<script>x</script>]]>b", "ab");
	SAN_EQ("a<!DOCTYPE html><?php x ?>b", "ab");
	SAN_EQ("a<!-->b<!--->c", "abc");
	SAN_EQ("1 < 2 &amp; 3 > 2", "1 &lt; 2 &amp; 3 > 2");
	/* an unfinished tag at the end is text */
	SAN_EQ("a <img src=x onerror=alert(1)", "a &lt;img src=x onerror=alert(1)");
	SAN_EQ("a <!-- open", "a &lt;!-- open");
}

static void
test_streaming(void **state)
{
	struct sanitizer z = SANITIZER_INIT;
	struct buf b = BUF_INIT;

	(void)state;
	/* pieces as md4c gives raw HTML blocks: line by line */
	sanitizer_feed(&z, &b, "<div\n", 5);
	sanitizer_feed(&z, &b, "  onclick=\"x\" class=\"k\">\n", 25);
	sanitizer_feed(&z, &b, "<scr", 4);
	sanitizer_feed(&z, &b, "ipt>alert(1)</scr", 17);
	sanitizer_feed(&z, &b, "ipt>ok\n</div>\n", 14);
	sanitizer_end(&z, &b);
	assert_string_equal(buf_cstr(&b), "<div class=\"k\">\nok\n</div>\n");
	/* end resets: a dropped element does not swallow the next block */
	buf_reset(&b);
	sanitizer_feed(&z, &b, "<style>", 7);
	sanitizer_end(&z, &b);
	sanitizer_feed(&z, &b, "<p>next</p>", 11);
	sanitizer_end(&z, &b);
	assert_string_equal(buf_cstr(&b), "<p>next</p>");
	sanitizer_free(&z);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_url_schemes),
		cmocka_unit_test(test_dropped_elements),
		cmocka_unit_test(test_attributes),
		cmocka_unit_test(test_comments_and_text),
		cmocka_unit_test(test_streaming),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
