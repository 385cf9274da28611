#include "yamltree.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "diag.h"

/* Nesting deeper than this is not a config file; refuse instead of
 * recursing without bound. */
#define YAML_MAX_DEPTH	64
/* A front matter or site.yaml has hundreds of nodes; these limits are far
 * above any real file and far below what hurts ("billion laughs": nine
 * aliases of nine aliases … expand to 9^9 nodes). */
#define YAML_MAX_NODES		100000
#define YAML_MAX_ALIASES	1000

struct anchor {
	char		*name;
	struct ynode	*node;
	struct anchor	*next;
};

struct yctx {
	struct arena	*a;
	yaml_parser_t	 parser;
	const char	*path;
	int		 first_line;
	struct anchor	*anchors;
	size_t		 aliases;
};

static int
report(struct yctx *c, const yaml_mark_t *m, const char *msg)
{
	diag_error(c->path, (int)m->line + c->first_line, (int)m->column + 1,
	    "YAML 格式錯誤 (YAML syntax error): %s", msg);
	return -1;
}

static int
parser_error(struct yctx *c)
{
	yaml_parser_t *p = &c->parser;
	char msg[512];

	/* the context says where the unfinished construct began, which is
	 * usually where the fix goes */
	if (p->context != NULL)
		snprintf(msg, sizeof(msg), "%s, %s（始於第 %d 行第 %d 欄）",
		    p->problem ? p->problem : "無法解析", p->context,
		    (int)p->context_mark.line + c->first_line,
		    (int)p->context_mark.column + 1);
	else
		snprintf(msg, sizeof(msg), "%s", p->problem ? p->problem : "無法解析");
	return report(c, &p->problem_mark, msg);
}

static struct ynode *
mk(struct yctx *c, enum ynode_kind k, const yaml_mark_t *m)
{
	struct ynode *n = arena_alloc(c->a, sizeof(*n));

	n->kind = k;
	n->weight = 1;
	n->line = (int)m->line + c->first_line;
	n->col = (int)m->column + 1;
	return n;
}

static void
remember(struct yctx *c, const yaml_char_t *anchor, struct ynode *n)
{
	struct anchor *an;

	if (anchor == NULL)
		return;
	an = arena_alloc(c->a, sizeof(*an));
	an->name = arena_strdup(c->a, (const char *)anchor);
	an->node = n;
	an->next = c->anchors;
	c->anchors = an;
}

static void
push(struct yctx *c, struct ynode *n, void *item, size_t size, size_t *cap)
{
	void **arr = n->kind == YNODE_SEQ ? (void **)&n->items : (void **)&n->pairs;

	if (n->len == *cap) {
		size_t ncap = *cap ? *cap * 2 : 4;
		char *p = arena_alloc(c->a, ncap * size);

		if (n->len)
			memcpy(p, *arr, n->len * size);
		*arr = p;
		*cap = ncap;
	}
	memcpy((char *)*arr + n->len * size, item, size);
	n->len++;
}

static int parse_node(struct yctx *c, yaml_event_t *ev, struct ynode **out,
    int depth);

/* Parse the items of a sequence or mapping whose start event was taken. */
static int
parse_children(struct yctx *c, struct ynode *n, int depth)
{
	yaml_event_t ev;
	size_t cap = 0;
	struct ynode *key = NULL, *val;
	yaml_event_type_t end = n->kind == YNODE_SEQ ?
	    YAML_SEQUENCE_END_EVENT : YAML_MAPPING_END_EVENT;

	for (;;) {
		if (!yaml_parser_parse(&c->parser, &ev))
			return parser_error(c);
		if (ev.type == end) {
			yaml_event_delete(&ev);
			break;
		}
		if (parse_node(c, &ev, &val, depth + 1) < 0)
			return -1;
		/* weights are capped, so this sum cannot overflow */
		n->weight += val->weight;
		if (n->weight > YAML_MAX_NODES) {
			diag_error(c->path, val->line, val->col, "YAML 別名展開後超過 "
			    "%d 個節點，拒絕處理 (alias expansion too large: more "
			    "than %d nodes)", YAML_MAX_NODES, YAML_MAX_NODES);
			return -1;
		}
		if (n->kind == YNODE_SEQ) {
			push(c, n, &val, sizeof(val), &cap);
		} else if (key == NULL) {
			if (val->kind != YNODE_SCALAR) {
				diag_error(c->path, val->line, val->col,
				    "YAML 鍵必須是文字 (mapping keys must be scalars)");
				return -1;
			}
			key = val;
		} else {
			struct ypair pr = { key, val };
			size_t i;

			for (i = 0; i < n->len; i++)
				if (strcmp(n->pairs[i].key->text, key->text) == 0) {
					diag_error(c->path, key->line, key->col,
					    "重複的鍵「%s」 (duplicate key)", key->text);
					return -1;
				}
			push(c, n, &pr, sizeof(pr), &cap);
			key = NULL;
		}
	}
	return 0;
}

/* Takes ownership of *ev and deletes it. */
static int
parse_node(struct yctx *c, yaml_event_t *ev, struct ynode **out, int depth)
{
	struct ynode *n = NULL;
	struct anchor *an;
	int rc = -1;

	if (depth > YAML_MAX_DEPTH) {
		report(c, &ev->start_mark, "巢狀層數過深 (nesting too deep)");
		goto out;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = mk(c, YNODE_SCALAR, &ev->start_mark);
		n->text = arena_strndup(c->a, (const char *)ev->data.scalar.value,
		    ev->data.scalar.length);
		n->len = ev->data.scalar.length;
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		remember(c, ev->data.scalar.anchor, n);
		break;
	case YAML_SEQUENCE_START_EVENT:
		n = mk(c, YNODE_SEQ, &ev->start_mark);
		remember(c, ev->data.sequence_start.anchor, n);
		if (parse_children(c, n, depth) < 0)
			goto out;
		break;
	case YAML_MAPPING_START_EVENT:
		n = mk(c, YNODE_MAP, &ev->start_mark);
		remember(c, ev->data.mapping_start.anchor, n);
		if (parse_children(c, n, depth) < 0)
			goto out;
		break;
	case YAML_ALIAS_EVENT:
		if (++c->aliases > YAML_MAX_ALIASES) {
			diag_error(c->path, (int)ev->start_mark.line +
			    c->first_line, (int)ev->start_mark.column + 1,
			    "YAML 別名超過 %d 個，拒絕處理 (more than %d aliases)",
			    YAML_MAX_ALIASES, YAML_MAX_ALIASES);
			goto out;
		}
		for (an = c->anchors; an != NULL; an = an->next)
			if (strcmp(an->name, (const char *)ev->data.alias.anchor) == 0)
				break;
		if (an == NULL) {
			report(c, &ev->start_mark, "找不到錨點 (unknown anchor)");
			goto out;
		}
		n = an->node;
		break;
	default:
		report(c, &ev->start_mark, "非預期的內容 (unexpected event)");
		goto out;
	}
	*out = n;
	rc = 0;
out:
	yaml_event_delete(ev);
	return rc;
}

struct ynode *
yaml_parse(struct arena *a, const char *path, const char *text, size_t len,
    int first_line)
{
	struct yctx c;
	yaml_event_t ev;
	struct ynode *root = NULL;
	int done = 0;

	memset(&c, 0, sizeof(c));
	c.a = a;
	c.path = path;
	c.first_line = first_line > 0 ? first_line : 1;
	if (!yaml_parser_initialize(&c.parser))
		return NULL;
	yaml_parser_set_input_string(&c.parser, (const unsigned char *)text, len);
	while (!done) {
		if (!yaml_parser_parse(&c.parser, &ev)) {
			parser_error(&c);
			root = NULL;
			goto out;
		}
		switch (ev.type) {
		case YAML_STREAM_START_EVENT:
		case YAML_DOCUMENT_END_EVENT:
			yaml_event_delete(&ev);
			break;
		case YAML_STREAM_END_EVENT:
			yaml_event_delete(&ev);
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (root != NULL) {
				report(&c, &ev.start_mark,
				    "只能有一份文件 (only one YAML document allowed)");
				yaml_event_delete(&ev);
				root = NULL;
				goto out;
			}
			yaml_event_delete(&ev);
			break;
		default:
			if (parse_node(&c, &ev, &root, 0) < 0) {
				root = NULL;
				goto out;
			}
			break;
		}
	}
	if (root == NULL) {
		yaml_mark_t m = { 0, 0, 0 };
		root = mk(&c, YNODE_MAP, &m);
	} else if (root->kind == YNODE_SCALAR && !root->quoted && root->len == 0) {
		root->kind = YNODE_MAP;
	}
out:
	yaml_parser_delete(&c.parser);
	return root;
}

struct ynode *
ynode_get(const struct ynode *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != YNODE_MAP)
		return NULL;
	for (i = 0; i < map->len; i++)
		if (strcmp(map->pairs[i].key->text, key) == 0)
			return map->pairs[i].val;
	return NULL;
}

const char *
ynode_kind_name(const struct ynode *n)
{
	switch (n->kind) {
	case YNODE_SCALAR: return "文字 (scalar)";
	case YNODE_SEQ: return "清單 (list)";
	default: return "對應表 (mapping)";
	}
}

int
ynode_bool(const struct ynode *n, int *out)
{
	static const char *yes[] = { "true", "yes", "on" };
	static const char *no[] = { "false", "no", "off" };
	size_t i;

	if (n == NULL || n->kind != YNODE_SCALAR || n->quoted)
		return -1;
	for (i = 0; i < 3; i++) {
		if (strcasecmp(n->text, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(n->text, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int
ynode_int(const struct ynode *n, long *out)
{
	char *end;
	long v;

	if (n == NULL || n->kind != YNODE_SCALAR || n->quoted || n->len == 0)
		return -1;
	errno = 0;
	v = strtol(n->text, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

int
ynode_strlist(struct arena *a, const struct ynode *n, struct strlist *out,
    const struct ynode **bad)
{
	size_t i, k = 0;
	int rc = 0;

	*bad = NULL;
	out->v = NULL;
	out->pos = NULL;
	out->n = 0;
	if (n->kind == YNODE_MAP) {
		*bad = n;
		return -1;
	}
	if (n->kind == YNODE_SCALAR) {
		if (n->len == 0 && !n->quoted)
			return 0;	/* `key:` with nothing means an empty list */
		out->v = arena_alloc(a, sizeof(*out->v));
		out->pos = arena_alloc(a, sizeof(*out->pos));
		out->v[0] = arena_strdup(a, n->text);
		out->pos[0].line = n->line;
		out->pos[0].col = n->col;
		out->n = 1;
		return 0;
	}
	out->v = arena_alloc(a, (n->len + 1) * sizeof(*out->v));
	out->pos = arena_alloc(a, (n->len + 1) * sizeof(*out->pos));
	for (i = 0; i < n->len; i++) {
		const struct ynode *it = n->items[i];

		if (it->kind != YNODE_SCALAR) {
			if (*bad == NULL)
				*bad = it;
			rc = -1;
			continue;
		}
		out->v[k] = arena_strdup(a, it->text);
		out->pos[k].line = it->line;
		out->pos[k].col = it->col;
		k++;
	}
	out->n = k;
	return rc;
}
