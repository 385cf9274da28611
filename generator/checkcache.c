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

#define CHECKCACHE_MAGIC	"gongkai-check-cache 2"
#define CHECKCACHE_FILE		"check.cache"

/* "HASH LEN TIDY PATH" (HASH and LEN 0: the page had findings) */
static int
parse_line(char *line, struct pathtab_entry *e)
{
	char *end, *p, *q;

	e->hash = strtoull(line, &end, 16);
	if (end == line || *end != ' ')
		return -1;
	e->len = (size_t)strtoull(end + 1, &p, 10);
	if (p == end + 1 || *p != ' ')
		return -1;
	e->inputs = strtoull(p + 1, &q, 16);
	if (q == p + 1 || *q != ' ' || q[1] == '\0')
		return -1;
	e->path = xstrdup(q + 1);
	return 0;
}

void
checkcache_load(struct checkcache *c, const char *site_dir)
{
	struct buf head = BUF_INIT;
	size_t n;

	memset(c, 0, sizeof(*c));
	pathtab_init(&c->pages);
	c->site_dir = xstrdup(site_dir);
	/* the checker that made the cache: this very binary (its bytes),
	 * with this libtidy */
	if (fs_exe_stamp(c->stamp, sizeof(c->stamp)) < 0)
		return;
	n = strlen(c->stamp);
	snprintf(c->stamp + n, sizeof(c->stamp) - n, "+tidy%s",
	    checker_tidy_version());
	buf_printf(&head, "%s %s", CHECKCACHE_MAGIC, c->stamp);
	pathtab_read(&c->pages, site_dir, CHECKCACHE_FILE, buf_cstr(&head),
	    parse_line);
	buf_free(&head);
}

int
checkcache_clean(const struct checkcache *c, const char *path, uint64_t hash,
    size_t len)
{
	const struct pathtab_entry *e = pathtab_find(&c->pages, path);

	return e != NULL && (e->hash != 0 || e->len != 0) && e->hash == hash &&
	    e->len == len;
}

uint64_t
checkcache_tidy_clean(const struct checkcache *c, const char *path)
{
	const struct pathtab_entry *e = pathtab_find(&c->pages, path);

	return e != NULL ? e->inputs : 0;
}

void
checkcache_add(struct checkcache *c, const char *path, uint64_t hash,
    size_t len, uint64_t tidy)
{
	if (hash != 0 || len != 0 || tidy != 0)
		pathtab_add(&c->pages, path, hash, len, tidy);
}

void
checkcache_save(struct checkcache *c)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (c->stamp[0] == '\0' || c->site_dir == NULL)
		goto out;
	pathtab_sort(&c->pages);
	buf_printf(&b, "%s %s\n", CHECKCACHE_MAGIC, c->stamp);
	for (i = 0; i < c->pages.nnow; i++) {
		/* "%016llx %zu %016llx %s\n" */
		buf_put_hex64(&b, c->pages.now[i].hash);
		buf_putc(&b, ' ');
		buf_put_u64(&b, c->pages.now[i].len);
		buf_putc(&b, ' ');
		buf_put_hex64(&b, c->pages.now[i].inputs);
		buf_putc(&b, ' ');
		buf_puts(&b, c->pages.now[i].path);
		buf_putc(&b, '\n');
	}
	fs_cache_write(c->site_dir, CHECKCACHE_FILE, b.data, b.len);
out:
	buf_free(&b);
	checkcache_free(c);
}

void
checkcache_free(struct checkcache *c)
{
	pathtab_free(&c->pages);
	free(c->site_dir);
	c->site_dir = NULL;
}
