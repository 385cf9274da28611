#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>

void
die(const char *fmt, ...)
{
	va_list ap;

	fputs("gongkai: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("記憶體不足 (out of memory)");
	return p;
}

void *
xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		die("記憶體不足 (out of memory)");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		die("記憶體不足 (out of memory)");
	return q;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void
xqsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	const char *p = base;
	size_t i;

	/* input already in order (pages come sorted from the scan, and are
	 * sorted again after generated ones are added) costs n - 1
	 * comparisons, not n log n; glibc's qsort is a stable merge sort, so
	 * skipping it gives what it would */
	for (i = 1; i < n; i++)
		if (cmp(p + (i - 1) * size, p + i * size) > 0)
			break;
	if (i < n)
		qsort(base, n, size, cmp);
}

double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

uint64_t
hash64(const void *data, size_t len)
{
	/* MurmurHash64A (Austin Appleby, public domain), eight bytes a
	 * step: FNV-1a's byte at a time was 30 ms of an edit rebuild */
	const uint64_t m = 0xc6a4a7935bd1e995ULL;
	const unsigned char *s = data, *end = s + (len & ~(size_t)7);
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ ((uint64_t)len * m), k;

	for (; s < end; s += 8) {
		memcpy(&k, s, 8);
		k *= m;
		k ^= k >> 47;
		k *= m;
		h ^= k;
		h *= m;
	}
	switch (len & 7) {
	case 7: h ^= (uint64_t)s[6] << 48;	/* FALLTHROUGH */
	case 6: h ^= (uint64_t)s[5] << 40;	/* FALLTHROUGH */
	case 5: h ^= (uint64_t)s[4] << 32;	/* FALLTHROUGH */
	case 4: h ^= (uint64_t)s[3] << 24;	/* FALLTHROUGH */
	case 3: h ^= (uint64_t)s[2] << 16;	/* FALLTHROUGH */
	case 2: h ^= (uint64_t)s[1] << 8;	/* FALLTHROUGH */
	case 1: h ^= (uint64_t)s[0];
		h *= m;
	}
	h ^= h >> 47;
	h *= m;
	h ^= h >> 47;
	return h;
}

long
peak_rss_kb(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) < 0)
		return 0;
	return ru.ru_maxrss;
}

size_t
last_at_or_before(const void *v, size_t n, size_t size, size_t field,
    size_t key)
{
	const unsigned char *b = v;
	size_t lo = 0, hi = n, mid, x;

	/* the first element past key; the one before it is the answer */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		memcpy(&x, b + mid * size + field, sizeof(x));
		if (x <= key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo > 0 ? lo - 1 : n;
}
