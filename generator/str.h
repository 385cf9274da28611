#ifndef GONGKAI_STR_H
#define GONGKAI_STR_H
/*
 * str: a borrowed slice of bytes (not NUL-terminated). The memory belongs
 * to whoever made it; a str never frees.
 */
#include <stddef.h>
#include <string.h>

struct str {
	const char	*p;
	size_t		 len;
};

static inline struct str
str_make(const char *p, size_t len)
{
	struct str s = { p, len };
	return s;
}

static inline struct str
str_c(const char *s)
{
	return str_make(s, s ? strlen(s) : 0);
}

static inline int
str_eq(struct str a, const char *s)
{
	size_t n = strlen(s);
	return a.len == n && memcmp(a.p, s, n) == 0;
}

static inline int
str_has_prefix(struct str a, const char *s)
{
	size_t n = strlen(s);
	return a.len >= n && memcmp(a.p, s, n) == 0;
}

static inline int
str_has_suffix(struct str a, const char *s)
{
	size_t n = strlen(s);
	return a.len >= n && memcmp(a.p + a.len - n, s, n) == 0;
}

#endif
