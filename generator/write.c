#include "write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "util.h"

int
write_begin(struct output *o, const char *out_dir)
{
	char *parent, *slash, *tmpl;
	size_t n;

	memset(o, 0, sizeof(*o));
	if (out_dir == NULL)
		return 0;
	o->final = xstrdup(out_dir);
	n = strlen(o->final);
	while (n > 1 && o->final[n - 1] == '/')
		o->final[--n] = '\0';
	parent = xstrdup(o->final);
	slash = strrchr(parent, '/');
	if (slash == NULL) {
		free(parent);
		parent = xstrdup(".");
	} else if (slash == parent) {
		slash[1] = '\0';
	} else {
		*slash = '\0';
	}
	if (fs_mkdir_p(parent) < 0) {
		fprintf(stderr, "%s: error: 無法建立輸出資料夾 (cannot create "
		    "output folder): %s\n", parent, strerror(errno));
		free(parent);
		return -1;
	}
	/* beside the output, so rename() never crosses file systems */
	tmpl = fs_join(parent, ".gongkai-out-XXXXXX");
	free(parent);
	if (mkdtemp(tmpl) == NULL) {
		fprintf(stderr, "%s: error: 無法建立暫存資料夾 (cannot create "
		    "temporary folder): %s\n", o->final, strerror(errno));
		free(tmpl);
		return -1;
	}
	o->tmp = tmpl;
	return 0;
}

void
write_file(struct output *o, const char *rel, const char *data, size_t len)
{
	char *path;

	o->files++;
	o->bytes += len;
	if (o->tmp == NULL)
		return;
	path = fs_join(o->tmp, rel);
	if (fs_write_file(path, data, len) < 0)
		die("無法寫入 (cannot write) %s: %s", path, strerror(errno));
	free(path);
}

void
write_copy(struct output *o, const char *rel, const char *src)
{
	char *path;

	o->files++;
	if (o->tmp == NULL)
		return;
	path = fs_join(o->tmp, rel);
	if (fs_copy_file(src, path) < 0)
		die("無法複製 (cannot copy) %s → %s: %s", src, path,
		    strerror(errno));
	free(path);
}

int
write_commit(struct output *o)
{
	int rc = -1;

	if (o->tmp == NULL)
		return 0;
	if (chmod(o->tmp, 0755) < 0)
		goto out;
	if (fs_is_dir(o->final)) {
		/* swap in one step: readers never see a missing site */
		if (renameat2(AT_FDCWD, o->tmp, AT_FDCWD, o->final,
		    RENAME_EXCHANGE) == 0) {
			fs_remove_tree(o->tmp);	/* now holds the old site */
			rc = 0;
			goto out;
		}
		if (errno != EINVAL && errno != ENOSYS)
			goto out;
		/* file system without RENAME_EXCHANGE: two renames */
		char *old = fs_join(o->tmp, "../.gongkai-old");
		fs_remove_tree(old);
		if (rename(o->final, old) < 0) {
			free(old);
			goto out;
		}
		if (rename(o->tmp, o->final) < 0) {
			rename(old, o->final);
			free(old);
			goto out;
		}
		fs_remove_tree(old);
		free(old);
		rc = 0;
	} else {
		rc = rename(o->tmp, o->final);
	}
out:
	if (rc < 0) {
		fprintf(stderr, "%s: error: 無法更新輸出資料夾 (cannot replace "
		    "output folder): %s\n", o->final, strerror(errno));
		write_abort(o);
	}
	free(o->tmp);
	free(o->final);
	o->tmp = o->final = NULL;
	return rc;
}

void
write_abort(struct output *o)
{
	if (o->tmp != NULL)
		fs_remove_tree(o->tmp);
	free(o->tmp);
	free(o->final);
	o->tmp = o->final = NULL;
}
