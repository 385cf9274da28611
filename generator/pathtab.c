#include "pathtab.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fs.h"
#include "util.h"

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct pathtab_entry *)a)->path,
	    ((const struct pathtab_entry *)b)->path);
}

static struct pathtab_entry *
grow(struct pathtab_entry **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 256;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	return &(*v)[(*n)++];
}

void
pathtab_init(struct pathtab *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
}

int
pathtab_known(const char *site_dir, const char *name, const char *head)
{
	char *path = fs_join(site_dir, ".gongkai"), *file = fs_join(path, name);
	size_t n = strlen(head), got = 0;
	char *b = xmalloc(n + 2);
	FILE *f = fopen(file, "rb");

	if (f != NULL) {
		got = fread(b, 1, n + 2, f);
		fclose(f);
	}
	got = got == n + 2 && memcmp(b, head, n) == 0 && b[n] == '\n' &&
	    b[n + 1] != '\0';
	free(b);
	free(file);
	free(path);
	return (int)got;
}

void
pathtab_read(struct pathtab *t, const char *site_dir, const char *name,
    const char *head, int (*parse)(char *line, struct pathtab_entry *e))
{
	struct buf text = BUF_INIT;
	char *path = fs_join(site_dir, ".gongkai"), *file = fs_join(path, name);
	char *line, *next;
	size_t n = strlen(head);

	if (fs_read_file(file, &text) == 0 && text.len > n &&
	    memcmp(text.data, head, n) == 0 && text.data[n] == '\n') {
		for (line = text.data + n + 1; *line != '\0'; line = next + 1) {
			struct pathtab_entry e;

			if ((next = strchr(line, '\n')) == NULL)
				break;	/* a damaged last line */
			*next = '\0';
			memset(&e, 0, sizeof(e));
			if (parse(line, &e) == 0)
				*grow(&t->old, &t->nold, &t->capold) = e;
		}
		xqsort(t->old, t->nold, sizeof(*t->old), cmp_entry);
	}
	buf_free(&text);
	free(file);
	free(path);
}

const struct pathtab_entry *
pathtab_find(const struct pathtab *t, const char *path)
{
	struct pathtab_entry key;

	if (t->nold == 0)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, t->old, t->nold, sizeof(*t->old), cmp_entry);
}

void
pathtab_add(struct pathtab *t, const char *path, uint64_t hash, size_t len,
    uint64_t inputs)
{
	struct pathtab_entry *e;

	pthread_mutex_lock(&t->lock);
	e = grow(&t->now, &t->nnow, &t->capnow);
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->hash = hash;
	e->len = len;
	e->inputs = inputs;
	pthread_mutex_unlock(&t->lock);
}

void
pathtab_sort(struct pathtab *t)
{
	xqsort(t->now, t->nnow, sizeof(*t->now), cmp_entry);
}

void
pathtab_free(struct pathtab *t)
{
	size_t i;

	for (i = 0; i < t->nold; i++)
		free(t->old[i].path);
	for (i = 0; i < t->nnow; i++)
		free(t->now[i].path);
	free(t->old);
	free(t->now);
	pthread_mutex_destroy(&t->lock);
	memset(t, 0, sizeof(*t));
}
