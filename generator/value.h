#ifndef GONGKAI_VALUE_H
#define GONGKAI_VALUE_H
/*
 * value: the data a template is rendered against: null, booleans, numbers,
 * strings, lists and maps (a JSON-shaped tree).
 *
 * Every value and everything it points to lives in the arena passed to the
 * constructors, so a whole page context is freed with arena_reset().
 * Maps keep insertion order; value_map_set on an existing key replaces it.
 * Strings are UTF-8, NUL-terminated, and may contain NUL (len is exact).
 */
#include <stddef.h>

#include "arena.h"

enum value_kind {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_LIST,
	VALUE_MAP
};

struct value;

struct value_pair {
	const char	*key;
	struct value	*val;
};

struct value {
	enum value_kind	 kind;
	int		 boolean;
	/* VALUE_STRING made by value_foreign: another page's markup */
	int		 foreign;
	double		 number;
	const char	*str;		/* VALUE_STRING */
	size_t		 len;		/* string length, or item count */
	size_t		 cap;
	struct value	**items;	/* VALUE_LIST */
	struct value_pair *pairs;	/* VALUE_MAP */
};

struct value	*value_null(struct arena *a);
struct value	*value_bool(struct arena *a, int b);
struct value	*value_number(struct arena *a, double d);
/* Copies s into the arena. */
struct value	*value_string(struct arena *a, const char *s);
struct value	*value_stringn(struct arena *a, const char *s, size_t n);
/* Borrows s: it must outlive the arena's contents. */
struct value	*value_string_ref(struct arena *a, const char *s);
/* As value_string_ref, for markup that is another page's content (the
 * FAQ index shows every answer): that page's own check reads it, so the
 * template source map marks it (template.h) and libtidy is not shown it
 * again (check.h). */
struct value	*value_foreign(struct arena *a, const char *s);
struct value	*value_list(struct arena *a);
struct value	*value_map(struct arena *a);

void	 value_list_push(struct arena *a, struct value *list, struct value *v);
/* key is borrowed (use a literal or arena string). */
void	 value_map_set(struct arena *a, struct value *map, const char *key,
	    struct value *v);
/* Convenience: set a string / bool / number member. s is copied. */
void	 value_map_str(struct arena *a, struct value *map, const char *key,
	    const char *s);
void	 value_map_bool(struct arena *a, struct value *map, const char *key,
	    int b);
void	 value_map_num(struct arena *a, struct value *map, const char *key,
	    double d);
/* NULL when absent or when map is not a map. */
struct value	*value_map_get(const struct value *map, const char *key);
struct value	*value_map_getn(const struct value *map, const char *key,
	    size_t n);

/* Mustache truthiness: false for null, false, empty list, "" is truthy
 * (per the spec only false/null/empty list are falsey). */
int	 value_truthy(const struct value *v);

#endif
