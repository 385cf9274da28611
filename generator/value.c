#include "value.h"

#include <string.h>

static struct value *
mk(struct arena *a, enum value_kind k)
{
	struct value *v = arena_alloc(a, sizeof(*v));

	v->kind = k;
	return v;
}

struct value *
value_null(struct arena *a)
{
	return mk(a, VALUE_NULL);
}

struct value *
value_bool(struct arena *a, int b)
{
	struct value *v = mk(a, VALUE_BOOL);

	v->boolean = b != 0;
	return v;
}

struct value *
value_number(struct arena *a, double d)
{
	struct value *v = mk(a, VALUE_NUMBER);

	v->number = d;
	return v;
}

struct value *
value_stringn(struct arena *a, const char *s, size_t n)
{
	struct value *v = mk(a, VALUE_STRING);

	v->str = arena_strndup(a, s, n);
	v->len = n;
	return v;
}

struct value *
value_string(struct arena *a, const char *s)
{
	return value_stringn(a, s, strlen(s));
}

struct value *
value_string_ref(struct arena *a, const char *s)
{
	struct value *v = mk(a, VALUE_STRING);

	v->str = s;
	v->len = strlen(s);
	return v;
}

struct value *
value_foreign(struct arena *a, const char *s)
{
	struct value *v = value_string_ref(a, s);

	v->foreign = 1;
	return v;
}

struct value *
value_list(struct arena *a)
{
	return mk(a, VALUE_LIST);
}

struct value *
value_map(struct arena *a)
{
	return mk(a, VALUE_MAP);
}

void
value_list_push(struct arena *a, struct value *list, struct value *v)
{
	if (list->len == list->cap) {
		size_t cap = list->cap ? list->cap * 2 : 8;
		struct value **n = arena_alloc(a, cap * sizeof(*n));

		if (list->len)
			memcpy(n, list->items, list->len * sizeof(*n));
		list->items = n;
		list->cap = cap;
	}
	list->items[list->len++] = v;
}

struct value *
value_map_getn(const struct value *map, const char *key, size_t n)
{
	size_t i;

	if (map == NULL || map->kind != VALUE_MAP)
		return NULL;
	for (i = 0; i < map->len; i++)
		if (strncmp(map->pairs[i].key, key, n) == 0 &&
		    map->pairs[i].key[n] == '\0')
			return map->pairs[i].val;
	return NULL;
}

struct value *
value_map_get(const struct value *map, const char *key)
{
	return value_map_getn(map, key, strlen(key));
}

void
value_map_set(struct arena *a, struct value *map, const char *key,
    struct value *v)
{
	size_t i;

	for (i = 0; i < map->len; i++)
		if (strcmp(map->pairs[i].key, key) == 0) {
			map->pairs[i].val = v;
			return;
		}
	if (map->len == map->cap) {
		size_t cap = map->cap ? map->cap * 2 : 8;
		struct value_pair *n = arena_alloc(a, cap * sizeof(*n));

		if (map->len)
			memcpy(n, map->pairs, map->len * sizeof(*n));
		map->pairs = n;
		map->cap = cap;
	}
	map->pairs[map->len].key = key;
	map->pairs[map->len].val = v;
	map->len++;
}

void
value_map_str(struct arena *a, struct value *map, const char *key,
    const char *s)
{
	value_map_set(a, map, key, value_string(a, s ? s : ""));
}

void
value_map_bool(struct arena *a, struct value *map, const char *key, int b)
{
	value_map_set(a, map, key, value_bool(a, b));
}

void
value_map_num(struct arena *a, struct value *map, const char *key, double d)
{
	value_map_set(a, map, key, value_number(a, d));
}

int
value_truthy(const struct value *v)
{
	if (v == NULL)
		return 0;
	switch (v->kind) {
	case VALUE_NULL:
		return 0;
	case VALUE_BOOL:
		return v->boolean;
	case VALUE_LIST:
		return v->len > 0;
	default:
		return 1;
	}
}
