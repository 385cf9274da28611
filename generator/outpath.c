#include "outpath.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "util.h"

int
outpath_check(const char *rel, size_t n)
{
	size_t i, start = 0;

	if (n == 0 || rel[0] == '/')
		return -1;
	for (i = 0; i <= n; i++) {
		unsigned char c = i < n ? (unsigned char)rel[i] : '/';

		if (c < 0x20 || c == 0x7f || c == '\\')
			return -1;
		if (c != '/')
			continue;
		/* one component: rel[start..i) */
		if (i == start || (i - start == 1 && rel[start] == '.') ||
		    (i - start == 2 && rel[start] == '.' && rel[start + 1] == '.'))
			return -1;
		start = i + 1;
	}
	return 0;
}

int
outpath_join(const char *root, const char *rel, int links, char **out)
{
	char *path, *p;
	size_t rootlen;
	struct stat st;

	*out = NULL;
	if (outpath_check(rel, strlen(rel)) < 0) {
		errno = EINVAL;
		return OUTPATH_BAD;
	}
	path = fs_join(root, rel);
	if (!links) {
		*out = path;
		return 0;
	}
	/* each component under root, from the top: lstat never follows */
	rootlen = strlen(path) - strlen(rel);
	for (p = path + rootlen; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (lstat(path, &st) < 0) {
			*p = c;
			break;	/* missing: nothing below it exists either */
		}
		if (S_ISLNK(st.st_mode)) {
			*out = path;	/* cut at the link */
			errno = ELOOP;
			return OUTPATH_LINK;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	*out = path;
	return 0;
}

/* path made absolute, with symlinks, "." and ".." resolved as far as it
 * exists and the rest folded lexically. Caller frees. */
static char *
resolve(const char *path)
{
	struct buf abs = BUF_INIT, rest = BUF_INIT, folded = BUF_INIT;
	char real[PATH_MAX], cwd[PATH_MAX];
	char *head, *slash, *res;

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL)
		buf_printf(&abs, "%s/", cwd);
	buf_puts(&abs, path);
	head = xstrdup(buf_cstr(&abs));
	/* the longest prefix that exists */
	while (realpath(head, real) == NULL) {
		slash = strrchr(head, '/');
		if (slash == NULL || slash == head) {
			strcpy(real, "/");
			buf_reset(&rest);
			buf_puts(&rest, slash ? slash + 1 : head);
			break;
		}
		if (rest.len > 0) {
			struct buf t = BUF_INIT;

			buf_printf(&t, "%s/%s", slash + 1, buf_cstr(&rest));
			buf_free(&rest);
			rest = t;
		} else {
			buf_puts(&rest, slash + 1);
		}
		*slash = '\0';
	}
	if (fs_resolve(real[1] ? real + 1 : "", buf_cstr(&rest), rest.len,
	    &folded) < 0)
		buf_reset(&folded);	/* climbed above /: it is / */
	res = xmalloc(folded.len + 2);
	res[0] = '/';
	memcpy(res + 1, buf_cstr(&folded), folded.len + 1);
	free(head);
	buf_free(&abs);
	buf_free(&rest);
	buf_free(&folded);
	return res;
}

/* 1 if a is b or inside b. */
static int
within(const char *a, const char *b)
{
	size_t n = strlen(b);

	if (strcmp(b, "/") == 0)
		return 1;
	return strncmp(a, b, n) == 0 && (a[n] == '\0' || a[n] == '/');
}

int
outpath_check_out_dir(const char *out_dir, const char *site_dir)
{
	static const char *const sources[] = { "content", "layouts",
	    "classification", "themes", "data", "sites", ".git", ".gongkai",
	    NULL };
	char *out = resolve(out_dir), *site = resolve(site_dir);
	const char *why = NULL;
	size_t i;
	int rc = 0;

	if (strcmp(out, site) == 0)
		why = "就是網站資料夾本身 (is the site folder)";
	else if (within(site, out))
		why = "包含網站資料夾 (contains the site folder)";
	for (i = 0; why == NULL && sources[i] != NULL; i++) {
		char *src = fs_join(site, sources[i]);

		if (within(out, src))
			why = "是來源資料夾或在來源資料夾之內 (is or is inside a "
			    "source folder)";
		free(src);
	}
	if (why != NULL) {
		diag_error(out_dir, 1, 1, "輸出資料夾 --out %s：建置會整個取代輸出"
		    "資料夾，這會刪除原有的檔案。請改用其他資料夾，例如網站的 "
		    "public/ (the output folder --out %s; it would be replaced "
		    "whole)", why, why);
		rc = -1;
	}
	free(out);
	free(site);
	return rc;
}
