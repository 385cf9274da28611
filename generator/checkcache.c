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

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct checkcache_entry *)a)->path,
	    ((const struct checkcache_entry *)b)->path);
}

void
checkcache_load(struct checkcache *c, const char *site_dir)
{
	struct buf text = BUF_INIT;
	char *dir, *line, *next, *end;
	size_t cap = 0, n;

	memset(c, 0, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
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
		struct checkcache_entry e;
		unsigned long long len;
		char *p;

		if ((next = strchr(line, '\n')) == NULL)
			break;	/* a damaged last line: ignore it */
		*next = '\0';
		e.hash = strtoull(line, &end, 16);
		if (end == line || *end != ' ')
			continue;
		len = strtoull(end + 1, &p, 10);
		if (p == end + 1 || *p != ' ' || p[1] == '\0')
			continue;
		e.len = (size_t)len;
		e.path = xstrdup(p + 1);
		if (c->nold == cap) {
			cap = cap ? cap * 2 : 256;
			c->old = xrealloc(c->old, cap * sizeof(*c->old));
		}
		c->old[c->nold++] = e;
	}
	xqsort(c->old, c->nold, sizeof(*c->old), cmp_entry);
out:
	buf_free(&text);
}

int
checkcache_clean(const struct checkcache *c, const char *path, uint64_t hash,
    size_t len)
{
	struct checkcache_entry key, *e;

	if (c->nold == 0)
		return 0;
	key.path = (char *)path;
	e = bsearch(&key, c->old, c->nold, sizeof(*c->old), cmp_entry);
	return e != NULL && e->hash == hash && e->len == len;
}

void
checkcache_add(struct checkcache *c, const char *path, uint64_t hash,
    size_t len)
{
	pthread_mutex_lock(&c->lock);
	if (c->nnow == c->capnow) {
		c->capnow = c->capnow ? c->capnow * 2 : 256;
		c->now = xrealloc(c->now, c->capnow * sizeof(*c->now));
	}
	c->now[c->nnow].hash = hash;
	c->now[c->nnow].len = len;
	c->now[c->nnow].path = xstrdup(path);
	c->nnow++;
	pthread_mutex_unlock(&c->lock);
}

void
checkcache_save(struct checkcache *c)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (c->stamp[0] == '\0' || c->file == NULL)
		goto out;
	xqsort(c->now, c->nnow, sizeof(*c->now), cmp_entry);
	buf_printf(&b, "%s %s\n", CHECKCACHE_MAGIC, c->stamp);
	for (i = 0; i < c->nnow; i++)
		buf_printf(&b, "%016" PRIx64 " %zu %s\n", c->now[i].hash,
		    c->now[i].len, c->now[i].path);
	fs_cache_write(c->site_dir, "check.cache", b.data, b.len);
out:
	buf_free(&b);
	checkcache_free(c);
}

void
checkcache_free(struct checkcache *c)
{
	size_t i;

	for (i = 0; i < c->nold; i++)
		free(c->old[i].path);
	for (i = 0; i < c->nnow; i++)
		free(c->now[i].path);
	free(c->old);
	free(c->now);
	free(c->file);
	free(c->site_dir);
	c->site_dir = NULL;
	c->old = c->now = NULL;
	c->file = NULL;
	c->nold = c->nnow = 0;
	pthread_mutex_destroy(&c->lock);
}
