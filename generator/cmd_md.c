/*
 * gongkai md: Markdown on stdin to HTML on stdout, for trying the
 * renderer and for the spec conformance suites.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "commands.h"
#include "markdown.h"

static int
usage(FILE *f)
{
	fputs("用法 (usage): gongkai md [--engine md4c|cmark-gfm] [--spec] "
	    "[--unsafe] < in.md\n"
	    "  --engine  解析器 (parser), 預設 (default) md4c\n"
	    "  --spec    規格模式：不加 id 等 (spec mode: plain "
	    "CommonMark/GFM, raw HTML allowed)\n"
	    "  --unsafe  網站模式也保留原始 HTML (keep raw HTML in site "
	    "mode)\n", f);
	return 2;
}

int
cmd_md(int argc, char **argv)
{
	struct markdown_options opt;
	struct markdown_result res;
	struct buf in = BUF_INIT;
	char chunk[65536];
	size_t n;
	int i, rc = 2;

	memset(&opt, 0, sizeof(opt));
	memset(&res, 0, sizeof(res));
	opt.engine = MARKDOWN_MD4C;
	opt.path = "<stdin>";
	opt.first_line = 1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;

		if (strcmp(a, "--spec") == 0) {
			opt.spec = 1;
		} else if (strcmp(a, "--unsafe") == 0) {
			opt.allow_html = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(a, "--engine") == 0 ||
		    strncmp(a, "--engine=", 9) == 0) {
			if (a[8] == '=')
				v = a + 9;
			else if (i + 1 < argc)
				v = argv[++i];
			if (v == NULL ||
			    markdown_engine_parse(v, &opt.engine) != 0) {
				fprintf(stderr, "gongkai md: 未知的解析器 "
				    "(unknown engine) '%s'\n", v ? v : "");
				return usage(stderr);
			}
		} else {
			fprintf(stderr, "gongkai md: 未知的選項 (unknown "
			    "option) '%s'\n", a);
			return usage(stderr);
		}
	}

	while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		buf_append(&in, chunk, n);
	if (ferror(stdin)) {
		perror("gongkai md: 無法讀取標準輸入 (cannot read stdin)");
		goto out;
	}

	rc = markdown_render(in.data, in.len, &opt, &res) == 0 ? 0 : 1;
	fwrite(res.html.data, 1, res.html.len, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		perror("gongkai md: 無法寫出 (cannot write stdout)");
		rc = 2;
	}
out:
	markdown_result_free(&res);
	buf_free(&in);
	return rc;
}
