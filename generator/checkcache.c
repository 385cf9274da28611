#include "checkcache.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "check.h"
#include "fs.h"
#include "util.h"

#define CHECKCACHE_MAGIC	"gongkai-check-cache 1"

void
checkcache_load(struct checkcache *c, const char *site_dir)
{
	struct buf text = BUF_INIT;
	char *dir, *line, *next, *end;
	size_t n;

	memset(c, 0, sizeof(*c));
	pathtab_init(&c->pages);
	dir = fs_join(site_dir, ".gongkai");
	c->file = fs_join(dir, "check.cache");
	c->site_dir = xstrdup(site_dir);
	free(dir);
	/* the checker that made the cache: this very binary (its bytes),
	 * with this libtidy */
	if (fs_exe_stamp(c->stamp, sizeof(c->stamp)) < 0)
		goto out;
	n = strlen(c->stamp);
	snprintf(c->stamp + n, sizeof(c->stamp) - n, "+tidy%s",
	    checker_tidy_version());
	if (fs_read_file(c->file, &text) < 0)
		goto out;
	line = text.data;
	if ((next = strchr(line, '\n')) == NULL)
		goto out;
	*next = '\0';
	if (strncmp(line, CHECKCACHE_MAGIC " ", sizeof(CHECKCACHE_MAGIC)) != 0 ||
	    strcmp(line + sizeof(CHECKCACHE_MAGIC), c->stamp) != 0)
		goto out;
	for (line = next + 1; *line != '\0'; line = next + 1) {
		struct pathtab_entry e;
		unsigned long long len;
		uint64_t hash;
		char *p;

		if ((next = strchr(line, '\n')) == NULL)
			break;	/* a damaged last line: ignore it */
		*next = '\0';
		hash = strtoull(line, &end, 16);
		if (end == line || *end != ' ')
			continue;
		len = strtoull(end + 1, &p, 10);
		if (p == end + 1 || *p != ' ' || p[1] == '\0')
			continue;
		memset(&e, 0, sizeof(e));
		e.hash = hash;
		e.len = (size_t)len;
		e.path = xstrdup(p + 1);
		pathtab_keep(&c->pages, &e);
	}
	pathtab_loaded(&c->pages);
out:
	buf_free(&text);
}

int
checkcache_clean(const struct checkcache *c, const char *path, uint64_t hash,
    size_t len)
{
	const struct pathtab_entry *e = pathtab_find(&c->pages, path);

	return e != NULL && e->hash == hash && e->len == len;
}

void
checkcache_add(struct checkcache *c, const char *path, uint64_t hash,
    size_t len)
{
	pathtab_add(&c->pages, path, hash, len, 0);
}

void
checkcache_save(struct checkcache *c)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (c->stamp[0] == '\0' || c->file == NULL)
		goto out;
	pathtab_sort(&c->pages);
	buf_printf(&b, "%s %s\n", CHECKCACHE_MAGIC, c->stamp);
	for (i = 0; i < c->pages.nnow; i++)
		buf_printf(&b, "%016" PRIx64 " %zu %s\n", c->pages.now[i].hash,
		    c->pages.now[i].len, c->pages.now[i].path);
	fs_cache_write(c->site_dir, "check.cache", b.data, b.len);
out:
	buf_free(&b);
	checkcache_free(c);
}

void
checkcache_free(struct checkcache *c)
{
	pathtab_free(&c->pages);
	free(c->file);
	free(c->site_dir);
	c->file = c->site_dir = NULL;
}
