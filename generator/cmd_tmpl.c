/*
 * gongkai tmpl TEMPLATE DATA.json [--partials DIR]: render one Mustache
 * template to stdout. Used by the spec runner and by theme authors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "commands.h"
#include "diag.h"
#include "json.h"
#include "template.h"
#include "util.h"

static void
usage(FILE *f)
{
	fputs("用法 (usage): gongkai tmpl TEMPLATE DATA.json [--partials DIR]\n"
	    "  以 DATA.json 的資料套用 Mustache 樣板，結果寫到標準輸出\n"
	    "  (render TEMPLATE with the data in DATA.json to stdout)\n"
	    "  --partials DIR  部分樣板為 DIR/NAME.mustache，預設為樣板所在資料夾\n"
	    "                  (partials are DIR/NAME.mustache; default: the\n"
	    "                  template's directory)\n", f);
}

/* The directory part of path ("." when there is none); caller frees. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

int
cmd_tmpl(int argc, char **argv)
{
	const char *args[2], *partials = NULL;
	struct arena a = ARENA_INIT;
	struct template_loader *loader = NULL;
	struct template *t = NULL;
	struct value *data;
	struct buf out = BUF_INIT;
	char *dir = NULL;
	int i, nargs = 0, rc = 1;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--partials") == 0) {
			if (++i == argc) {
				fputs("gongkai tmpl: --partials 需要資料夾 "
				    "(--partials needs a directory)\n\n", stderr);
				usage(stderr);
				return 2;
			}
			partials = argv[i];
		} else if (strncmp(argv[i], "--partials=", 11) == 0) {
			partials = argv[i] + 11;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "gongkai tmpl: 未知的選項 (unknown "
			    "option) '%s'\n\n", argv[i]);
			usage(stderr);
			return 2;
		} else if (nargs < 2) {
			args[nargs++] = argv[i];
		} else {
			fprintf(stderr, "gongkai tmpl: 多餘的參數 (unexpected "
			    "argument) '%s'\n\n", argv[i]);
			usage(stderr);
			return 2;
		}
	}
	if (nargs != 2) {
		fputs("gongkai tmpl: 需要樣板與資料檔 (need TEMPLATE and "
		    "DATA.json)\n\n", stderr);
		usage(stderr);
		return 2;
	}

	/* Compile and load both so that both kinds of error are reported. */
	t = template_compile_file(args[0]);
	data = json_load_value(&a, args[1]);
	if (t == NULL || data == NULL)
		goto out;
	if (partials == NULL)
		partials = dir = dir_of(args[0]);
	loader = template_dir_loader_new(partials);
	if (template_render(t, data, loader, &out) < 0)
		goto out;
	if (fwrite(out.data ? out.data : "", 1, out.len, stdout) != out.len ||
	    fflush(stdout) != 0 || ferror(stdout)) {
		fputs("gongkai tmpl: 無法寫出結果 (cannot write to stdout)\n",
		    stderr);
		rc = 2;
		goto out;
	}
	rc = diag_errors() > 0;
out:
	buf_free(&out);
	template_dir_loader_free(loader);
	template_free(t);
	arena_free(&a);
	free(dir);
	return rc;
}
