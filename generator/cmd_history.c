/*
 * gongkai history [--repo DIR] [--no-cache] [--cache DIR] [--follow]
 *                 [--strict] [--count] [PATH...]
 *
 * One line per (path, commit), paths sorted bytewise, newest first:
 *   PATH TAB COMMIT_ID TAB AUTHOR_DATE TAB AUTHOR_NAME TAB SUBJECT
 * AUTHOR_DATE is ISO 8601 with the commit's own offset, as
 * `git log --date=iso-strict` prints it. Works on any repository; it is
 * also how we debug the history a page gets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "commands.h"
#include "diag.h"
#include "history.h"

static void
usage(FILE *f)
{
	fputs("用法 (usage): gongkai history [--repo DIR] [--no-cache] "
	    "[--cache DIR] [--follow] [--strict] [--count] [-j N] [PATH...]\n"
	    "  每個 (路徑, 提交) 一行，新的在前 (one line per path and commit, "
	    "newest first):\n"
	    "  PATH<TAB>COMMIT<TAB>AUTHOR_DATE<TAB>AUTHOR<TAB>SUBJECT\n"
	    "  PATH 為儲存庫內的相對路徑；資料夾列出其下全部 (PATH is relative "
	    "to the repository root; a folder lists everything under it)\n"
	    "  --count  只印統計 (print a summary line only)\n", f);
}

/* Tabs and newlines would break the columns: they become spaces. */
static void
put_field(struct buf *b, const char *s)
{
	const char *p = s;

	for (;;) {
		const char *q = p;

		while ((unsigned char)*q >= 0x20 && *q != 0x7f)
			q++;
		buf_append(b, p, (size_t)(q - p));
		if (*q == '\0')
			break;
		buf_putc(b, ' ');
		p = q + 1;
	}
}

static int
selected(const char *path, char **sel, int nsel)
{
	int i;

	if (nsel == 0)
		return 1;
	for (i = 0; i < nsel; i++) {
		size_t n = strlen(sel[i]);

		if (n == 0)
			return 1;
		if (strncmp(path, sel[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '/'))
			return 1;
	}
	return 0;
}

int
cmd_history(int argc, char **argv)
{
	struct history_options opt;
	struct history *h = NULL;
	struct buf out = BUF_INIT;
	const char *repo = ".", *cache = "";
	char **sel = NULL;
	int i, nsel = 0, count = 0, rc = 2;
	size_t p, k, lines = 0;

	memset(&opt, 0, sizeof(opt));
	opt.require_repo = 1;
	sel = calloc((size_t)argc + 1, sizeof(*sel));
	if (sel == NULL)
		return 2;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--repo") == 0 || strcmp(a, "--cache") == 0) {
			if (i + 1 >= argc) {
				fprintf(stderr, "gongkai: %s 需要一個資料夾 "
				    "(needs a folder)\n", a);
				usage(stderr);
				goto out;
			}
			if (a[2] == 'r')
				repo = argv[++i];
			else
				cache = argv[++i];
		} else if (strcmp(a, "--no-cache") == 0)
			cache = NULL;
		else if (strcmp(a, "--follow") == 0)
			opt.follow_renames = 1;
		else if (strcmp(a, "--strict") == 0) {
			opt.strict = 1;
			diag_set_strict(1);
		} else if (strcmp(a, "--count") == 0)
			count = 1;
		else if (strcmp(a, "-j") == 0 && i + 1 < argc)
			opt.threads = atoi(argv[++i]);
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(stdout);
			rc = 0;
			goto out;
		} else if (strcmp(a, "--") == 0) {
			for (i++; i < argc; i++)
				sel[nsel++] = argv[i];
		} else if (a[0] == '-' && a[1] != '\0') {
			fprintf(stderr, "gongkai: 未知的選項 (unknown option) "
			    "'%s'\n", a);
			usage(stderr);
			goto out;
		} else
			sel[nsel++] = argv[i];
	}
	/* "./a/b/" names the same thing as "a/b"; "." is everything. */
	for (i = 0; i < nsel; i++) {
		char *s = sel[i];
		size_t n;

		while (s[0] == '.' && s[1] == '/')
			s += 2;
		if (strcmp(s, ".") == 0)
			s += 1;
		n = strlen(s);
		while (n > 0 && s[n - 1] == '/')
			s[--n] = '\0';
		sel[i] = s;
	}
	if (history_open(repo, cache, &opt, &h) < 0)
		goto out;
	for (p = 0; p < history_path_count(h); p++) {
		const char *path = history_path_at(h, p);
		const struct history_entry *e;
		size_t n;

		if (!selected(path, sel, nsel))
			continue;
		e = history_lookup(h, path, &n);
		lines += n;
		if (count)
			continue;
		for (k = 0; k < n; k++) {
			char date[40];

			history_format_iso(e[k].time, e[k].offset, date,
			    sizeof(date));
			put_field(&out, path);
			buf_putc(&out, '\t');
			buf_puts(&out, e[k].id);
			buf_putc(&out, '\t');
			buf_puts(&out, date);
			buf_putc(&out, '\t');
			put_field(&out, e[k].author_name);
			buf_putc(&out, '\t');
			put_field(&out, e[k].subject);
			buf_putc(&out, '\n');
		}
		if (out.len > (1 << 20)) {
			fwrite(out.data, 1, out.len, stdout);
			buf_reset(&out);
		}
	}
	if (count) {
		struct history_stats st;

		history_get_stats(h, &st);
		buf_printf(&out, "%zu paths, %zu commits, %zu lines\n",
		    st.paths, st.commits, lines);
	}
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "gongkai: 無法寫出 (cannot write output)\n");
		goto out;
	}
	rc = diag_errors() > 0 ? 1 : 0;
out:
	history_free(h);
	buf_free(&out);
	free(sel);
	return rc;
}
