/*
 * libFuzzer target: the Mustache engine (template.c), with partials,
 * parents and blocks (inheritance), rendered against JSON data (json.c,
 * value.c).
 *
 * Input: byte 0 holds flags (bit 0: render with a source map; bit 1:
 * partials through the `compiled` loader member instead of `source`;
 * bit 2: render against no data at all). The rest is split at NUL bytes:
 *   DATA \0 TEMPLATE [\0 NAME \n PARTIAL]...
 * DATA is JSON (anything else renders against an empty map); each
 * partial's name is its first line. make-seeds.py writes the Mustache
 * spec's tests in this form.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "json.h"
#include "template.h"
#include "value.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);
int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PARTIALS	16

struct partial {
	const char	*name;
	size_t		 namelen;
	const char	*src;
	size_t		 len;
	struct template	*t;
	int		 tried;
};

struct loader {
	struct partial	 p[MAX_PARTIALS];
	size_t		 n;
};

static struct partial *
find(struct loader *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strlen(name) == l->p[i].namelen &&
		    memcmp(name, l->p[i].name, l->p[i].namelen) == 0)
			return &l->p[i];
	return NULL;
}

static const char *
source(void *ctx, const char *name, size_t *len, const char **path)
{
	struct partial *p = find(ctx, name);

	if (p == NULL)
		return NULL;
	*len = p->len;
	*path = "partial.mustache";
	return p->src;
}

static const struct template *
compiled(void *ctx, const char *name, int *failed)
{
	struct partial *p = find(ctx, name);

	*failed = 0;
	if (p == NULL)
		return NULL;
	if (!p->tried) {
		p->tried = 1;
		p->t = template_compile("partial.mustache", p->src, p->len);
	}
	if (p->t == NULL)
		*failed = 1;
	return p->t;
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	diag_set_quiet(1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data + 1, *end = (const char *)data + size;
	const char *seg[2 + MAX_PARTIALS];
	size_t len[2 + MAX_PARTIALS], nseg = 0, i;
	struct loader l;
	struct template_loader tl;
	struct template_srcmap map;
	struct arena a = ARENA_INIT;
	struct buf out = BUF_INIT;
	struct value *ctx = NULL;
	struct template *t;
	int flags;

	if (size < 1)
		return 0;
	flags = data[0];
	/* split at NULs */
	while (nseg < 2 + MAX_PARTIALS) {
		const char *z = memchr(s, '\0', (size_t)(end - s));

		seg[nseg] = s;
		len[nseg] = z ? (size_t)(z - s) : (size_t)(end - s);
		nseg++;
		if (z == NULL)
			break;
		s = z + 1;
	}
	if (nseg < 2)
		return 0;
	memset(&l, 0, sizeof(l));
	for (i = 2; i < nseg; i++) {
		struct partial *p = &l.p[l.n++];
		const char *nl = memchr(seg[i], '\n', len[i]);

		p->name = seg[i];
		p->namelen = nl ? (size_t)(nl - seg[i]) : len[i];
		p->src = nl ? nl + 1 : seg[i] + len[i];
		p->len = len[i] - (size_t)(p->src - seg[i]);
	}
	memset(&tl, 0, sizeof(tl));
	tl.ctx = &l;
	if (flags & 2)
		tl.compiled = compiled;
	else
		tl.source = source;
	if (!(flags & 4)) {
		ctx = json_parse_value(&a, seg[0], len[0], "data.json");
		if (ctx == NULL)
			ctx = value_map(&a);
	}
	t = template_compile("fuzz.mustache", seg[1], len[1]);
	if (t != NULL) {
		memset(&map, 0, sizeof(map));
		if (flags & 1) {
			template_render_mapped(t, ctx, &tl, &out, &map);
			/* every entry lies inside the output, in order */
			for (i = 0; i < map.n; i++)
				if (map.v[i].off > out.len ||
				    (i > 0 && map.v[i].off < map.v[i - 1].off))
					abort();
			template_srcmap_free(&map);
		} else
			template_render(t, ctx, &tl, &out);
		template_free(t);
	}
	for (i = 0; i < l.n; i++)
		template_free(l.p[i].t);
	buf_free(&out);
	arena_free(&a);
	return 0;
}
