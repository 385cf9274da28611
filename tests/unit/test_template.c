/* Unit tests for template (Mustache) and json: error positions, the
 * nesting limit, escaping, repeatable and concurrent rendering, the
 * directory loader, and JSON round trips. The spec itself is run by
 * tests/suites/mustache.sh. */
#include "harness.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "json.h"
#include "template.h"

/* stderr into a temporary file, to read diagnostics back. */
struct capture {
	FILE	*f;
	int	 saved;
};

static void
capture_start(struct capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	assert_non_null(c->f);
	c->saved = dup(2);
	dup2(fileno(c->f), 2);
}

/* Stop capturing; returns what was written (caller frees). */
static char *
capture_end(struct capture *c)
{
	struct buf b = BUF_INIT;
	char chunk[512];
	size_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	rewind(c->f);
	while ((n = fread(chunk, 1, sizeof(chunk), c->f)) > 0)
		buf_append(&b, chunk, n);
	fclose(c->f);
	return buf_detach(&b);
}

/* Compile src expecting failure; returns the diagnostics (caller frees). */
static char *
compile_error(const char *src)
{
	struct capture c;
	struct template *t;

	capture_start(&c);
	t = template_compile("t.mustache", src, strlen(src));
	assert_null(t);
	return capture_end(&c);
}

static struct value *
parse(struct arena *a, const char *json)
{
	struct value *v = json_parse_value(a, json, strlen(json), "data.json");

	assert_non_null(v);
	return v;
}

/* Render src against json with loader l; returns the output (caller
 * frees), or NULL when rendering failed. */
static char *
render(const char *src, const char *json, const struct template_loader *l)
{
	struct arena a = ARENA_INIT;
	struct template *t = template_compile("t.mustache", src, strlen(src));
	struct buf out = BUF_INIT;
	int rc;

	assert_non_null(t);
	rc = template_render(t, parse(&a, json), l, &out);
	template_free(t);
	arena_free(&a);
	if (rc < 0) {
		buf_free(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static void
expect(const char *src, const char *json, const char *want)
{
	char *got = render(src, json, NULL);

	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* ------------------------------------------------------------------ */

static void
test_unclosed_section_position(void **state)
{
	char *msg;

	(void)state;
	/* the error points at the opening tag: line 2, column 3 (after a
	 * two-character Chinese word, counted as characters) */
	msg = compile_error("<p>\n公開{{#items}}\n<li>{{.}}</li>\n");
	assert_non_null(strstr(msg, "t.mustache:2:3: error: "));
	assert_non_null(strstr(msg, "{{#items}}"));
	free(msg);

	/* the innermost unclosed section is the one reported */
	msg = compile_error("{{#a}}\n  {{^b}}\n{{/a}}");
	assert_non_null(strstr(msg, "t.mustache:3:1: error: "));
	free(msg);
	msg = compile_error("{{#a}}\n  {{^b}}\n");
	assert_non_null(strstr(msg, "t.mustache:2:3: error: "));
	free(msg);

	/* an unclosed tag points at its opening delimiter */
	msg = compile_error("ok\nx {{name");
	assert_non_null(strstr(msg, "t.mustache:2:3: error: "));
	free(msg);

	/* ... also with changed delimiters */
	msg = compile_error("{{=<% %>=}}\n<%#a%>\n<%/a}}");
	assert_non_null(strstr(msg, "t.mustache:3:1: error: "));
	free(msg);
}

static void
test_mismatched_close_position(void **state)
{
	char *msg;

	(void)state;
	msg = compile_error("{{#a}}\n  {{#b}}\n  x{{/a}}\n{{/b}}\n");
	/* at the closing tag, naming where the open one is */
	assert_non_null(strstr(msg, "t.mustache:3:4: error: "));
	assert_non_null(strstr(msg, "{{/a}}"));
	assert_non_null(strstr(msg, "2 行第 3 欄"));
	free(msg);

	msg = compile_error("x\n\n   {{/nothing}}");
	assert_non_null(strstr(msg, "t.mustache:3:4: error: "));
	free(msg);

	msg = compile_error("{{<parent}}{{$a}}{{/parent}}{{/a}}");
	assert_non_null(strstr(msg, "t.mustache:1:18: error: "));
	free(msg);

	msg = compile_error("{{=|=}}");
	assert_non_null(strstr(msg, "t.mustache:1:1: error: "));
	free(msg);
	msg = compile_error("{{}}");
	assert_non_null(strstr(msg, "t.mustache:1:1: error: "));
	free(msg);
}

/* A loader over an in-memory list of name, text pairs. */
struct mem {
	const char	*const *pairs;
};

static const char *
mem_source(void *ctx, const char *name, size_t *len, const char **path)
{
	const struct mem *m = ctx;
	size_t i;

	for (i = 0; m->pairs[i] != NULL; i += 2)
		if (strcmp(m->pairs[i], name) == 0) {
			*len = strlen(m->pairs[i + 1]);
			*path = m->pairs[i];
			return m->pairs[i + 1];
		}
	return NULL;
}

static void
test_recursion_limit(void **state)
{
	static const char *const pairs[] = {
		"self", "x{{>self}}",
		"ping", "{{#a}}{{>pong}}{{/a}}",
		"pong", "{{<ping}}{{/ping}}",
		"tree", "<{{#kids}}{{>tree}}{{/kids}}>",
		NULL
	};
	struct mem m = { pairs };
	struct template_loader l = { mem_source, &m, NULL };
	struct capture c;
	size_t before;
	char *got, *msg;

	(void)state;
	before = diag_errors();
	capture_start(&c);
	got = render("{{>self}}", "{}", &l);
	msg = capture_end(&c);
	assert_null(got);
	assert_int_equal(diag_errors(), before + 1);	/* reported once */
	assert_non_null(strstr(msg, "self:1:2: error: "));
	free(msg);

	/* mutual recursion through a parent tag, driven by the data */
	diag_set_quiet(1);
	assert_null(render("{{>ping}}", "{\"a\":true}", &l));
	diag_set_quiet(0);

	/* data-driven recursion within the limit renders */
	got = render("{{>tree}}", "{\"kids\":[{\"kids\":[{\"kids\":[]}]},"
	    "{\"kids\":[]}]}", &l);
	assert_non_null(got);
	assert_string_equal(got, "<<<>><>>");
	free(got);

	/* sections nested past the limit fail to compile, without crashing */
	{
		struct buf b = BUF_INIT;
		char *err;
		int i;

		for (i = 0; i < TEMPLATE_MAX_DEPTH + 10; i++)
			buf_puts(&b, "{{#a}}");
		err = compile_error(buf_cstr(&b));
		assert_non_null(strstr(err, "t.mustache:1:"));
		free(err);
		buf_free(&b);
	}
}

static void
test_escaping(void **state)
{
	(void)state;
	expect("{{s}}|{{{s}}}|{{&s}}", "{\"s\":\"<a href=\\\"x\\\">&'</a>\"}",
	    "&lt;a href=&quot;x&quot;&gt;&amp;'&lt;/a&gt;|"
	    "<a href=\"x\">&'</a>|<a href=\"x\">&'</a>");
	/* values are never re-parsed as templates */
	expect("{{a}}", "{\"a\":\"{{b}}\",\"b\":\"no\"}", "{{b}}");
	/* numbers, booleans, null, lists and maps */
	expect("{{i}} {{d}} {{t}} {{f}} [{{n}}] [{{l}}] [{{m}}] {{l.1}}",
	    "{\"i\":85,\"d\":1.21,\"t\":true,\"f\":false,\"n\":null,"
	    "\"l\":[1,2],\"m\":{}}",
	    "85 1.21 true false [] [] [] 2");
	/* UTF-8 passes through untouched */
	expect("{{s}}", "{\"s\":\"臺灣 <公開>\"}", "臺灣 &lt;公開&gt;");
	/* lookup walks up the context stack; dotted names do not */
	expect("{{#a}}{{x}}{{b.x}}{{/a}}",
	    "{\"x\":1,\"a\":{\"b\":{}},\"b\":{\"x\":2}}", "1");
}

static void
test_render_twice(void **state)
{
	const char *src = "{{#items}}\n  <li>{{name}}</li>\n{{/items}}\n"
	    "{{^items}}none{{/items}}";
	struct arena a = ARENA_INIT;
	struct template *t = template_compile("t", src, strlen(src));
	struct value *v = parse(&a, "{\"items\":[{\"name\":\"a&b\"},"
	    "{\"name\":\"c\"}]}");
	struct buf one = BUF_INIT, two = BUF_INIT;

	(void)state;
	assert_non_null(t);
	assert_int_equal(template_render(t, v, NULL, &one), 0);
	assert_int_equal(template_render(t, v, NULL, &two), 0);
	assert_string_equal(buf_cstr(&one), "  <li>a&amp;b</li>\n  <li>c</li>\n");
	assert_string_equal(buf_cstr(&one), buf_cstr(&two));
	/* rendering appends */
	assert_int_equal(template_render(t, v, NULL, &two), 0);
	assert_int_equal(two.len, 2 * one.len);
	/* a NULL context renders as empty data */
	buf_reset(&one);
	assert_int_equal(template_render(t, NULL, NULL, &one), 0);
	assert_string_equal(buf_cstr(&one), "none");
	buf_free(&one);
	buf_free(&two);
	template_free(t);
	arena_free(&a);
}

/* ------------------------------------------------------------------ */
/* Directory loader                                                    */

static char tmpdir[64];

static void
write_file(const char *name, const char *text)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void
remove_tmpdir(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	assert_int_equal(system(cmd), 0);
}

static int
setup_dir(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/gongkai-tmpl.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	write_file("layout.mustache", "<main>\n  {{$body}}\n  default\n"
	    "  {{/body}}\n</main>\n");
	write_file("item.mustache", "<li>{{title}}</li>\n");
	write_file("broken.mustache", "{{#x}}");
	return 0;
}

static int
teardown_dir(void **state)
{
	(void)state;
	remove_tmpdir();
	return 0;
}

static const char page_src[] =
    "{{<layout}}\n"
    "{{$body}}\n"
    "<ul>\n"
    "  {{#items}}\n"
    "  {{>item}}\n"
    "  {{/items}}\n"
    "</ul>\n"
    "{{/body}}\n"
    "{{/layout}}\n";
static const char page_out[] =
    "<main>\n"
    "  <ul>\n"
    "    <li>一</li>\n"
    "    <li>&lt;二&gt;</li>\n"
    "  </ul>\n"
    "</main>\n";
static const char page_data[] =
    "{\"items\":[{\"title\":\"一\"},{\"title\":\"<二>\"}]}";

static void
test_dir_loader(void **state)
{
	struct template_loader *l = template_dir_loader_new(tmpdir);
	struct capture c;
	char *got, *msg;

	(void)state;
	got = render(page_src, page_data, l);
	assert_non_null(got);
	assert_string_equal(got, page_out);
	free(got);

	/* a missing partial renders as empty (with one warning) */
	diag_set_quiet(1);
	got = render("[{{>nope}}{{>nope}}{{>../etc/passwd}}]", "{}", l);
	diag_set_quiet(0);
	assert_non_null(got);
	assert_string_equal(got, "[]");
	free(got);

	/* a broken partial fails the render; reported once, at its file */
	capture_start(&c);
	assert_null(render("{{>broken}}", "{}", l));
	assert_null(render("{{>broken}}", "{}", l));
	msg = capture_end(&c);
	assert_non_null(strstr(msg, "/broken.mustache:1:1: error: "));
	assert_null(strstr(strstr(msg, "error:") + 1, "error:"));
	free(msg);
	template_dir_loader_free(l);
	template_dir_loader_free(NULL);
}

struct job {
	const struct template		*t;
	const struct value		*v;
	const struct template_loader	*l;
	int				 ok;
};

static void *
job_run(void *arg)
{
	struct job *j = arg;
	struct buf out = BUF_INIT;
	int i;

	j->ok = 1;
	for (i = 0; i < 200; i++) {
		buf_reset(&out);
		if (template_render(j->t, j->v, j->l, &out) < 0 ||
		    strcmp(buf_cstr(&out), page_out) != 0)
			j->ok = 0;
	}
	buf_free(&out);
	return NULL;
}

static void
test_concurrent_render(void **state)
{
	struct template_loader *l = template_dir_loader_new(tmpdir);
	struct template *t = template_compile("page", page_src,
	    strlen(page_src));
	struct arena a = ARENA_INIT;
	struct job jobs[4];
	pthread_t th[4];
	int i;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < 4; i++) {
		jobs[i].t = t;
		jobs[i].v = parse(&a, page_data);
		jobs[i].l = l;
		assert_int_equal(pthread_create(&th[i], NULL, job_run,
		    &jobs[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_true(jobs[i].ok);
	}
	template_free(t);
	template_dir_loader_free(l);
	arena_free(&a);
}

/* ------------------------------------------------------------------ */
/* JSON                                                                */

static void
round_trip(const char *in, const char *want)
{
	struct arena a = ARENA_INIT;
	struct buf out = BUF_INIT;

	assert_int_equal(json_dump_value(parse(&a, in), &out), 0);
	assert_string_equal(buf_cstr(&out), want);
	arena_free(&a);
	buf_free(&out);
}

static void
test_json_round_trip(void **state)
{
	(void)state;
	/* keys keep document order; spaces go; UTF-8 stays UTF-8 */
	round_trip("{ \"z\": 1, \"a\": [true, false, null],\n \"m\": {} }",
	    "{\"z\":1,\"a\":[true,false,null],\"m\":{}}");
	round_trip("{\"title\":\"臺北 \\u53f0\\u5317\",\"e\":\"\\\"\\\\/\\n\\t\\u0001\"}",
	    "{\"title\":\"臺北 台北\",\"e\":\"\\\"\\\\/\\n\\t\\u0001\"}");
	/* numbers as templates print them */
	round_trip("[85, 1.21, -0.5, 1e300, 0.1, 12345678901234567890, -0]",
	    "[85,1.21,-0.5,1e+300,0.1,1.2345678901234567e+19,0]");
	/* a repeated key keeps the last value, in the first one's place */
	round_trip("{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}");
	/* \u0000 survives */
	round_trip("[\"a\\u0000b\"]", "[\"a\\u0000b\"]");
	/* scalars at the top */
	round_trip("\"x\"", "\"x\"");
	round_trip("[]", "[]");

	/* dumping twice is stable and reparses to the same text */
	{
		struct arena a = ARENA_INIT;
		struct buf one = BUF_INIT, two = BUF_INIT;
		struct value *v = parse(&a, "{\"k\":[{\"x\":\"<&>\"},2.5]}");

		assert_int_equal(json_dump_value(v, &one), 0);
		v = json_parse_value(&a, one.data, one.len, NULL);
		assert_non_null(v);
		assert_int_equal(json_dump_value(v, &two), 0);
		assert_string_equal(buf_cstr(&one), buf_cstr(&two));
		buf_free(&one);
		buf_free(&two);
		arena_free(&a);
	}
}

static void
test_json_errors(void **state)
{
	struct arena a = ARENA_INIT;
	struct capture c;
	struct value *v;
	struct buf out = BUF_INIT;
	char *msg;

	(void)state;
	capture_start(&c);
	v = json_parse_value(&a, "{\n  \"a\": [1,\n  }", 16, "d.json");
	msg = capture_end(&c);
	assert_null(v);
	assert_non_null(strstr(msg, "d.json:3:3: error: "));
	free(msg);

	capture_start(&c);
	v = json_load_value(&a, "/nonexistent/gongkai.json");
	msg = capture_end(&c);
	assert_null(v);
	assert_non_null(strstr(msg, "/nonexistent/gongkai.json:1:1: error: "));
	free(msg);

	/* a number JSON cannot spell is written as null, and reported */
	v = value_list(&a);
	value_list_push(&a, v, value_number(&a, 1.0 / 0.0));
	assert_int_equal(json_dump_value(v, &out), -1);
	assert_string_equal(buf_cstr(&out), "[null]");
	buf_free(&out);
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unclosed_section_position),
		cmocka_unit_test(test_mismatched_close_position),
		cmocka_unit_test(test_recursion_limit),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_render_twice),
		cmocka_unit_test(test_dir_loader),
		cmocka_unit_test(test_concurrent_render),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_errors),
	};

	return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
