/*
 * history: every path's revision history from git (libgit2), one walk,
 * cached. See history.h for what a history is.
 *
 * How the walk stays cheap:
 *  - Commits are read once (a depth-first walk from HEAD that stops at
 *    commits the cache already knows). The order shown to users is computed
 *    afterwards from the commit graph (git's --date-order), so it does not
 *    depend on the walk or the cache.
 *  - A commit's tree is compared with its parent's by object id; only
 *    subtrees whose ids differ are opened. Trees are read as raw objects
 *    from the object database (no git_tree, no git_diff) and parsed once
 *    into an entry index that is kept, by id, while the next commit may
 *    need it: the parent tree of one commit is the tree of the next.
 *  - Two changed trees usually differ in a few entries, so the common
 *    leading and trailing bytes are skipped with word compares and only the
 *    entries in between are merged by name.
 *  - The commits are diffed by several threads, each with its own
 *    git_repository (libgit2 objects must not cross threads), taking
 *    consecutive chunks so neighbouring commits stay together.
 *
 * libgit2 1.5's git_revwalk fails on a shallow clone ("object not found"
 * for the missing parents), which is why the walk is our own: it treats
 * the commits listed in the shallow file as roots, as git log does.
 */
#include "history.h"

#include <git2.h>

#include <errno.h>
#include <iconv.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "diag.h"
#include "fs.h"
#include "util.h"

/*
 * Internal limits, and why.
 */
#define NONE		UINT32_MAX	/* no index */
#define CHUNK		48		/* commits a diff thread takes at once:
					   big enough that the tree cache
					   seldom starts cold */
#define MAX_THREADS	8		/* past this the object reads contend */
#define MIN_PER_THREAD	96		/* fewer commits: not worth a thread */
#define KEEP_STEPS	64		/* commits a tree stays cached unused */
#define CACHE_BYTES	(2u << 20)	/* tree bytes a diff thread keeps at
					   least (5,000 pages: 16 MB held 16 MB
					   more and was no faster) ... */
#define CACHE_TREES	16		/* ... and at most this many of the
					   largest tree seen: on 50,000 pages,
					   a 900 KB folder tree, 4 MB walked
					   0.4-0.9 s (5-10%) slower than 16;
					   64 MB was no faster than 16 MB and
					   held 137 MB more */
#define CACHE_VERSION	1
#define CACHE_FILE	"history.cache"

/* The empty blob: an empty file "renamed" is no evidence of a rename. */
static const unsigned char empty_blob[20] = {
	0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b,
	0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91
};

/* ------------------------------------------------------------------ */
/* Small containers                                                    */
/* ------------------------------------------------------------------ */

static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap;

	if (need <= c)
		return p;
	if (c < 16)
		c = 16;
	while (c < need) {
		if (c > SIZE_MAX / 2 / size)
			die("記憶體不足 (out of memory)");
		c *= 2;
	}
	*cap = c;
	return xrealloc(p, c * size);
}

/* Append one zeroed element to a vector v (with fields n and cap named by
 * the caller) and yield its address. */
#define PUSH(v, n, cap) \
	((v) = grow((v), &(cap), (n) + 1, sizeof(*(v))), \
	 memset(&(v)[(n)], 0, sizeof(*(v))), &(v)[(n)++])

static uint64_t
rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t
fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/* A 64-bit hash (MurmurHash3-style word mixing): the cache checksum and the
 * string table. Not cryptographic; it detects damage, not tampering. */
static uint64_t
hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL), k;
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		memcpy(&k, p + i, 8);
		k *= 0x87c37b91114253d5ULL;
		k = rotl64(k, 31);
		k *= 0x4cf5ad432745937fULL;
		h ^= k;
		h = rotl64(h, 27) * 5 + 0x52dce729;
	}
	k = 0;
	for (; i < len; i++)
		k = (k << 8) | p[i];
	h ^= k * 0x87c37b91114253d5ULL;
	return fmix64(h);
}

static uint32_t
oid_hash(const unsigned char *oid)
{
	uint32_t x;

	memcpy(&x, oid, 4);
	return x;
}

/* Interned NUL-terminated strings in one pool, referred to by offset. */
struct strtab {
	uint32_t	*slot;	/* offset + 1; 0 = empty */
	size_t		 mask;
	size_t		 n;
};

static void
strtab_free(struct strtab *t)
{
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

static void
strtab_put(struct strtab *t, const struct buf *pool, uint32_t off)
{
	const char *s = pool->data + off;
	size_t i = hash_bytes(s, strlen(s), 0) & t->mask;

	while (t->slot[i] != 0)
		i = (i + 1) & t->mask;
	t->slot[i] = off + 1;
	t->n++;
}

static void
strtab_resize(struct strtab *t, const struct buf *pool, size_t want)
{
	uint32_t *old = t->slot;
	size_t oldsize = t->slot ? t->mask + 1 : 0, size = 64, i;

	while (size < want * 2)
		size *= 2;
	t->slot = xcalloc(size, sizeof(*t->slot));
	t->mask = size - 1;
	t->n = 0;
	for (i = 0; i < oldsize; i++)
		if (old[i] != 0)
			strtab_put(t, pool, old[i] - 1);
	free(old);
}

/* The pool offset of s[0..len) (which must not contain NUL), adding it. */
static uint32_t
intern(struct buf *pool, struct strtab *t, const char *s, size_t len)
{
	size_t i;
	uint32_t off;

	if (t->slot == NULL || (t->n + 1) * 2 > t->mask + 1)
		strtab_resize(t, pool, t->n + 1);
	i = hash_bytes(s, len, 0) & t->mask;
	for (; t->slot[i] != 0; i = (i + 1) & t->mask) {
		const char *p = pool->data + t->slot[i] - 1;

		if (strncmp(p, s, len) == 0 && p[len] == '\0')
			return t->slot[i] - 1;
	}
	if (pool->len + len + 1 > UINT32_MAX)
		die("git 歷史的文字超過上限 (history: too much text)");
	off = (uint32_t)pool->len;
	buf_append(pool, s, len);
	buf_putc(pool, '\0');
	t->slot[i] = off + 1;
	t->n++;
	return off;
}

/* ------------------------------------------------------------------ */
/* UTF-8                                                               */
/* ------------------------------------------------------------------ */

void
history_utf8_sanitize(const char *s, size_t len, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run = 0;

	buf_grow(out, len);
	while (i < len) {
		unsigned c = p[i], lo = 0x80, hi = 0xbf;
		size_t need, k;

		if (c >= 0x01 && c < 0x80) {
			i++;
			run++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			need = 1;
		else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			if (c == 0xe0)
				lo = 0xa0;
			else if (c == 0xed)
				hi = 0x9f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			if (c == 0xf0)
				lo = 0x90;
			else if (c == 0xf4)
				hi = 0x8f;
		} else
			need = 0;
		/* Count how much of the sequence is well-formed. */
		for (k = 1; need && k <= need && i + k < len; k++) {
			unsigned d = p[i + k];

			if (d < lo || d > hi)
				break;
			lo = 0x80;
			hi = 0xbf;
		}
		if (need && k == need + 1) {
			i += k;
			run += k;
			continue;
		}
		/* Flush the valid run, then one U+FFFD for the maximal
		 * ill-formed subpart (at least the lead byte). */
		buf_append(out, s + i - run, run);
		run = 0;
		buf_append(out, "\xef\xbf\xbd", 3);
		i += need ? k : 1;
	}
	buf_append(out, s + i - run, run);
}

/* Convert from the commit's declared encoding, as git log does; fall back
 * to sanitising the raw bytes when iconv does not know it or fails. */
static void
text_utf8(const char *enc, const char *s, size_t len, struct buf *out)
{
	struct buf tmp = BUF_INIT;
	iconv_t cd;
	char *in = (char *)s;
	size_t inleft = len;
	int ok = 1;

	if (enc == NULL || strcasecmp(enc, "utf-8") == 0 ||
	    strcasecmp(enc, "utf8") == 0 ||
	    (cd = iconv_open("UTF-8", enc)) == (iconv_t)-1) {
		history_utf8_sanitize(s, len, out);
		return;
	}
	while (inleft > 0) {
		char *o;
		size_t room;

		buf_grow(&tmp, inleft * 4 + 16);
		o = tmp.data + tmp.len;
		room = tmp.cap - tmp.len - 1;
		if (iconv(cd, &in, &inleft, &o, &room) == (size_t)-1 &&
		    errno != E2BIG) {
			ok = 0;
			tmp.len = (size_t)(o - tmp.data);
			break;
		}
		tmp.len = (size_t)(o - tmp.data);
	}
	iconv_close(cd);
	if (ok)
		history_utf8_sanitize(tmp.data ? tmp.data : "", tmp.len, out);
	else
		history_utf8_sanitize(s, len, out);
	buf_free(&tmp);
}

/* ------------------------------------------------------------------ */
/* Time zones                                                          */
/* ------------------------------------------------------------------ */

/* A POSIX TZ rule date: Jn, n, or Mm.w.d, plus the local time of the
 * change in seconds. */
struct tzrule_date {
	char	 kind;		/* 'J', 'N' or 'M' */
	int	 a, b, c;	/* day; or month, week, weekday */
	long	 secs;
};

struct history_tz {
	long long	*trans;		/* transition times, ascending */
	unsigned char	*idx;		/* type after each transition */
	int		*utoff;		/* per type, seconds */
	size_t		 ntrans, ntypes;
	/* the footer rule, for times after the last transition */
	int		 has_rule, has_dst;
	int		 std_off, dst_off;	/* seconds east */
	struct tzrule_date start, end;
};

static long long
be_int(const unsigned char *p, int n)
{
	unsigned long long v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	if (n == 4)
		return (long long)(int32_t)(uint32_t)v;
	return (long long)v;
}

/* "<+08>" or "CST": a zone abbreviation. */
static const char *
tz_skip_name(const char *s)
{
	const char *p = s;

	if (*p == '<') {
		while (*p && *p != '>')
			p++;
		return *p == '>' ? p + 1 : NULL;
	}
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
		p++;
	return p - s >= 3 ? p : NULL;
}

/* [+-]hh[:mm[:ss]] in seconds. */
static const char *
tz_hms(const char *s, long *out)
{
	long sign = 1, v[3] = { 0, 0, 0 };
	int i;

	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (i = 0; i < 3; i++) {
		if (*s < '0' || *s > '9')
			return NULL;
		while (*s >= '0' && *s <= '9')
			v[i] = v[i] * 10 + (*s++ - '0');
		if (*s != ':' || i == 2)
			break;
		s++;
	}
	*out = sign * (v[0] * 3600 + v[1] * 60 + v[2]);
	return s;
}

static const char *
tz_rule_date(const char *s, struct tzrule_date *d)
{
	long v;

	if (*s == 'M') {
		d->kind = 'M';
		if (sscanf(s + 1, "%d.%d.%d", &d->a, &d->b, &d->c) != 3 ||
		    d->a < 1 || d->a > 12 || d->b < 1 || d->b > 5 ||
		    d->c < 0 || d->c > 6)
			return NULL;
		s++;
		while ((*s >= '0' && *s <= '9') || *s == '.')
			s++;
	} else {
		d->kind = 'N';
		if (*s == 'J') {
			d->kind = 'J';
			s++;
		}
		if (*s < '0' || *s > '9')
			return NULL;
		for (d->a = 0; *s >= '0' && *s <= '9'; s++)
			d->a = d->a * 10 + (*s - '0');
	}
	d->secs = 7200;
	if (*s == '/') {
		if ((s = tz_hms(s + 1, &v)) == NULL)
			return NULL;
		d->secs = v;
	}
	return s;
}

static int
tz_parse_rule(struct history_tz *tz, const char *s)
{
	long off;

	if ((s = tz_skip_name(s)) == NULL || (s = tz_hms(s, &off)) == NULL)
		return -1;
	tz->std_off = (int)-off;
	tz->has_rule = 1;
	if (*s == '\0')
		return 0;
	if ((s = tz_skip_name(s)) == NULL)
		return -1;
	tz->has_dst = 1;
	tz->dst_off = tz->std_off + 3600;
	if (*s != ',' && *s != '\0') {
		if ((s = tz_hms(s, &off)) == NULL)
			return -1;
		tz->dst_off = (int)-off;
	}
	if (*s == '\0') {	/* POSIX default: the US rules */
		s = ",M3.2.0,M11.1.0";
	}
	if (*s++ != ',' || (s = tz_rule_date(s, &tz->start)) == NULL ||
	    *s++ != ',' || (s = tz_rule_date(s, &tz->end)) == NULL ||
	    *s != '\0')
		return -1;
	return 0;
}

static int
is_leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days since the epoch of the rule's date in year y. */
static long
tz_rule_day(const struct tzrule_date *d, int y)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	struct date first = { y, 1, 1 };
	long jan1 = date_to_days(&first), day, wd;
	int md;

	if (d->kind == 'J')	/* 1..365, February 29 never counted */
		return jan1 + d->a - 1 + (is_leap(y) && d->a >= 60);
	if (d->kind == 'N')
		return jan1 + d->a;
	first.month = d->a;
	day = date_to_days(&first);
	wd = ((day % 7) + 7 + 4) % 7;	/* 1970-01-01 was a Thursday */
	md = mdays[d->a - 1] + (d->a == 2 && is_leap(y));
	day += (d->c - wd + 7) % 7 + 7 * (d->b - 1);
	while (day - date_to_days(&first) >= md)
		day -= 7;
	return day;
}

static int
tz_rule_offset(const struct history_tz *tz, long long t)
{
	long long start, end;
	long days;
	struct date d;

	if (!tz->has_dst)
		return tz->std_off;
	days = (long)((t + tz->std_off) / 86400 - ((t + tz->std_off) % 86400 < 0));
	d = date_from_days(days);
	start = (long long)tz_rule_day(&tz->start, d.year) * 86400 +
	    tz->start.secs - tz->std_off;
	end = (long long)tz_rule_day(&tz->end, d.year) * 86400 +
	    tz->end.secs - tz->dst_off;
	if (start < end)
		return t >= start && t < end ? tz->dst_off : tz->std_off;
	return t >= end && t < start ? tz->std_off : tz->dst_off;
}

static int
tz_parse_tzif(struct history_tz *tz, const unsigned char *p, size_t len)
{
	size_t cnt[6], tsize = 4, need, i;
	const unsigned char *d, *end = p + len;
	int k;

	for (;;) {
		if ((size_t)(end - p) < 44 || memcmp(p, "TZif", 4) != 0)
			return -1;
		for (k = 0; k < 6; k++)
			cnt[k] = (size_t)be_int(p + 20 + 4 * k, 4) & 0xffffffffu;
		/* isutcnt isstdcnt leapcnt timecnt typecnt charcnt */
		need = cnt[3] * tsize + cnt[3] + cnt[4] * 6 + cnt[5] +
		    cnt[2] * (tsize + 4) + cnt[1] + cnt[0];
		if ((size_t)(end - p) - 44 < need || cnt[4] == 0)
			return -1;
		if (tsize == 4 && p[4] >= '2') {	/* skip to the 64-bit data */
			p += 44 + need;
			tsize = 8;
			continue;
		}
		break;
	}
	d = p + 44;
	tz->ntrans = cnt[3];
	tz->ntypes = cnt[4];
	tz->trans = xcalloc(cnt[3] + 1, sizeof(*tz->trans));
	tz->idx = xcalloc(cnt[3] + 1, 1);
	tz->utoff = xcalloc(cnt[4], sizeof(*tz->utoff));
	for (i = 0; i < cnt[3]; i++)
		tz->trans[i] = be_int(d + i * tsize, (int)tsize);
	d += cnt[3] * tsize;
	for (i = 0; i < cnt[3]; i++) {
		tz->idx[i] = d[i];
		if (d[i] >= cnt[4])
			return -1;
	}
	d += cnt[3];
	for (i = 0; i < cnt[4]; i++)
		tz->utoff[i] = (int)be_int(d + i * 6, 4);
	d += need - cnt[3] * tsize - cnt[3];
	/* The footer: "\nRULE\n", version 2 and later. */
	if (tsize == 8 && d < end && *d == '\n') {
		const unsigned char *nl = memchr(d + 1, '\n', (size_t)(end - d - 1));
		char rule[128];

		if (nl && nl - d - 1 > 0 && (size_t)(nl - d - 1) < sizeof(rule)) {
			memcpy(rule, d + 1, (size_t)(nl - d - 1));
			rule[nl - d - 1] = '\0';
			if (tz_parse_rule(tz, rule) < 0)
				tz->has_rule = 0;
		}
	}
	return 0;
}

static int
tz_name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL)
		return 0;
	for (p = name; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
			return 0;
	return 1;
}

int
history_tz_load(const char *name, struct history_tz **out)
{
	struct history_tz *tz = xcalloc(1, sizeof(*tz));
	struct buf b = BUF_INIT, path = BUF_INIT;
	int hh, mm, n = 0;
	char sign;

	*out = NULL;
	if (name == NULL || *name == '\0')
		name = "Asia/Taipei";
	/* A fixed offset: "+08:00", "-05:30". */
	if ((name[0] == '+' || name[0] == '-') &&
	    sscanf(name, "%c%2d:%2d%n", &sign, &hh, &mm, &n) == 3 &&
	    name[n] == '\0' && strlen(name) == 6 && hh <= 23 && mm <= 59) {
		tz->has_rule = 1;
		tz->std_off = (sign == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
		*out = tz;
		return 0;
	}
	if (!tz_name_ok(name))
		goto fail;
	buf_printf(&path, "/usr/share/zoneinfo/%s", name);
	if (fs_read_file(buf_cstr(&path), &b) == 0) {
		if (tz_parse_tzif(tz, (const unsigned char *)b.data, b.len) < 0)
			goto fail;
	} else if (strcmp(name, "Asia/Taipei") == 0) {
		tz->has_rule = 1;
		tz->std_off = 8 * 3600;
	} else if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		tz->has_rule = 1;
	} else
		goto fail;
	buf_free(&b);
	buf_free(&path);
	*out = tz;
	return 0;
fail:
	buf_free(&b);
	buf_free(&path);
	history_tz_free(tz);
	return -1;
}

void
history_tz_free(struct history_tz *tz)
{
	if (tz == NULL)
		return;
	free(tz->trans);
	free(tz->idx);
	free(tz->utoff);
	free(tz);
}

int
history_tz_offset(const struct history_tz *tz, long long t)
{
	size_t lo = 0, hi = tz->ntrans;
	int off;

	if (tz->ntrans == 0 || t >= tz->trans[tz->ntrans - 1]) {
		if (tz->has_rule)
			off = tz_rule_offset(tz, t);
		else if (tz->ntrans == 0)
			off = tz->ntypes ? tz->utoff[0] : 0;
		else
			off = tz->utoff[tz->idx[tz->ntrans - 1]];
	} else if (t < tz->trans[0]) {
		off = tz->utoff[0];
	} else {
		/* the last transition at or before t */
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (tz->trans[mid] <= t)
				lo = mid;
			else
				hi = mid;
		}
		off = tz->utoff[tz->idx[lo]];
	}
	return off / 60 * 60;
}

void
history_format_iso(long long t, int offset_minutes, char *out, size_t n)
{
	long long local = t + (long long)offset_minutes * 60, days, secs;
	struct date d;
	int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
	char s[32], *p = s;
	int v[] = { 0, 0, 0, 0, 0, 0, 0, 0 }, i;
	static const char sep[] = "--T::\0:";

	days = local / 86400 - (local % 86400 < 0);
	secs = local - days * 86400;
	d = date_from_days((long)days);
	if (d.year < 0 || d.year > 9999) {
		snprintf(out, n, "%d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    d.year, d.month, d.day, (int)(secs / 3600),
		    (int)(secs / 60 % 60), (int)(secs % 60),
		    offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
		return;
	}
	/* By hand: this runs once per printed line. */
	v[1] = d.month;
	v[2] = d.day;
	v[3] = (int)(secs / 3600);
	v[4] = (int)(secs / 60 % 60);
	v[5] = (int)(secs % 60);
	v[6] = off / 60 % 100;
	v[7] = off % 60;
	*p++ = (char)('0' + d.year / 1000);
	*p++ = (char)('0' + d.year / 100 % 10);
	*p++ = (char)('0' + d.year / 10 % 10);
	*p++ = (char)('0' + d.year % 10);
	for (i = 1; i < 8; i++) {
		*p++ = i == 6 ? (offset_minutes < 0 ? '-' : '+') : sep[i - 1];
		*p++ = (char)('0' + v[i] / 10);
		*p++ = (char)('0' + v[i] % 10);
	}
	*p = '\0';
	snprintf(out, n, "%s", s);
}

void
history_format_tz(const struct history_tz *tz, long long t, char *out,
    size_t n)
{
	history_format_iso(t, history_tz_offset(tz, t) / 60, out, n);
}

/* ------------------------------------------------------------------ */
/* The model: what the walk finds and the cache keeps                  */
/* ------------------------------------------------------------------ */

struct hcommit {
	unsigned char	 oid[20];
	uint32_t	 name, email, subject;	/* pool offsets */
	uint32_t	 parent, nparent;	/* range in model.par */
	int32_t		 aoff;			/* minutes */
	int64_t		 atime, ctime;
};

struct hchange {
	uint32_t	 commit, path;
};

struct hrename {
	uint32_t	 commit, from, to;
};

struct model {
	struct buf	 pool;
	struct strtab	 strs;
	struct hcommit	*c;
	size_t		 nc, capc;
	uint32_t	*par;
	size_t		 npar, cappar;
	struct hchange	*ch;
	size_t		 nch, capch;
	struct hrename	*rn;
	size_t		 nrn, caprn;
	/* commit id -> index */
	uint32_t	*slot;
	size_t		 mask;
	unsigned char	 head[20];
	uint64_t	 shallow;
};

static void
model_free(struct model *m)
{
	buf_free(&m->pool);
	strtab_free(&m->strs);
	free(m->c);
	free(m->par);
	free(m->ch);
	free(m->rn);
	free(m->slot);
	memset(m, 0, sizeof(*m));
}

static void
oidmap_rebuild(struct model *m, size_t want)
{
	size_t size = 64, i, j;

	while (size < want * 2)
		size *= 2;
	free(m->slot);
	m->slot = xcalloc(size, sizeof(*m->slot));
	m->mask = size - 1;
	for (i = 0; i < m->nc; i++) {
		for (j = oid_hash(m->c[i].oid) & m->mask; m->slot[j] != 0;
		    j = (j + 1) & m->mask)
			;
		m->slot[j] = (uint32_t)i + 1;
	}
}

static uint32_t
model_find(const struct model *m, const unsigned char *oid)
{
	size_t j;

	if (m->slot == NULL)
		return NONE;
	for (j = oid_hash(oid) & m->mask; m->slot[j] != 0; j = (j + 1) & m->mask)
		if (memcmp(m->c[m->slot[j] - 1].oid, oid, 20) == 0)
			return m->slot[j] - 1;
	return NONE;
}

/* Append a commit (its id must be new); returns its index. */
static uint32_t
model_add(struct model *m, const unsigned char *oid)
{
	struct hcommit *c;
	size_t j;

	if (m->nc >= NONE - 1)
		die("git 歷史的提交數超過上限 (history: too many commits)");
	if (m->slot == NULL || (m->nc + 1) * 2 > m->mask + 1)
		oidmap_rebuild(m, m->nc + 1);
	c = PUSH(m->c, m->nc, m->capc);
	memcpy(c->oid, oid, 20);
	for (j = oid_hash(oid) & m->mask; m->slot[j] != 0; j = (j + 1) & m->mask)
		;
	m->slot[j] = (uint32_t)m->nc;	/* index + 1 */
	return (uint32_t)m->nc - 1;
}

/* Rebuild the string table after the pool was loaded from the cache. */
static void
model_index_strings(struct model *m)
{
	size_t off = 0, count = 0;

	for (off = 0; off < m->pool.len; off += strlen(m->pool.data + off) + 1)
		count++;
	strtab_free(&m->strs);
	strtab_resize(&m->strs, &m->pool, count + 16);
	for (off = 0; off < m->pool.len; off += strlen(m->pool.data + off) + 1)
		strtab_put(&m->strs, &m->pool, (uint32_t)off);
}

/*
 * git's --date-order: repeatedly emit, among the commits all of whose
 * children were emitted, the one with the newest committer date (ties: the
 * one that became ready first). Fills rank[] (NONE for commits not
 * reachable from head) and order[] (indices by rank); returns the count.
 */
struct heapitem {
	int64_t		 t;
	uint32_t	 seq, idx;
};

static int
heap_before(const struct heapitem *a, const struct heapitem *b)
{
	return a->t != b->t ? a->t > b->t : a->seq < b->seq;
}

static size_t
model_rank(const struct model *m, uint32_t head, uint32_t *rank,
    uint32_t *order)
{
	uint32_t *indeg = xcalloc(m->nc + 1, sizeof(*indeg)), seq = 0;
	struct heapitem *heap = xmalloc((m->nc + 1) * sizeof(*heap));
	size_t nheap = 0, k = 0, i, j;

	for (i = 0; i < m->nc; i++)
		rank[i] = NONE;
	/* Count children, among the commits reachable from head only. */
	{
		uint32_t *stack = xmalloc((m->npar + 1) * sizeof(*stack));
		unsigned char *seen = xcalloc(m->nc + 1, 1);
		size_t ns = 0;

		if (head != NONE) {
			stack[ns++] = head;
			seen[head] = 1;
		}
		while (ns > 0) {
			const struct hcommit *c = &m->c[stack[--ns]];

			for (j = 0; j < c->nparent; j++) {
				uint32_t p = m->par[c->parent + j];

				indeg[p]++;
				if (!seen[p]) {
					seen[p] = 1;
					stack[ns++] = p;
				}
			}
		}
		free(stack);
		free(seen);
	}
	if (head != NONE && indeg[head] == 0)
		heap[nheap++] = (struct heapitem){ m->c[head].ctime, seq++, head };
	while (nheap > 0) {
		struct heapitem top = heap[0], x;
		const struct hcommit *c;
		size_t pos;

		/* pop */
		x = heap[--nheap];
		pos = 0;
		for (;;) {
			size_t l = 2 * pos + 1, best = pos;
			const struct heapitem *b = &x;

			if (l < nheap && heap_before(&heap[l], b))
				best = l, b = &heap[l];
			if (l + 1 < nheap && heap_before(&heap[l + 1], b))
				best = l + 1;
			if (best == pos)
				break;
			heap[pos] = heap[best];
			pos = best;
		}
		if (nheap > 0)
			heap[pos] = x;
		rank[top.idx] = (uint32_t)k;
		order[k++] = top.idx;
		c = &m->c[top.idx];
		for (j = 0; j < c->nparent; j++) {
			uint32_t p = m->par[c->parent + j];

			if (--indeg[p] != 0)
				continue;
			/* push */
			x = (struct heapitem){ m->c[p].ctime, seq++, p };
			for (pos = nheap++; pos > 0 &&
			    heap_before(&x, &heap[(pos - 1) / 2]);
			    pos = (pos - 1) / 2)
				heap[pos] = heap[(pos - 1) / 2];
			heap[pos] = x;
		}
	}
	free(indeg);
	free(heap);
	return k;
}

/*
 * Drop the commits that rank[] marks unreachable (their changes and
 * renames too) and compact the string pool. Indices change.
 */
static void
model_prune(struct model *m, const uint32_t *rank)
{
	uint32_t *map = xmalloc((m->nc + 1) * sizeof(*map));
	struct model n;
	size_t i, j;

	memset(&n, 0, sizeof(n));
	for (i = 0; i < m->nc; i++)
		map[i] = rank[i] == NONE ? NONE : (uint32_t)n.nc++;
	n.c = xmalloc((n.nc + 1) * sizeof(*n.c));
	n.capc = n.nc + 1;
	n.nc = 0;
	memcpy(n.head, m->head, 20);
	n.shallow = m->shallow;
	for (i = 0; i < m->nc; i++) {
		const struct hcommit *o = &m->c[i];
		struct hcommit *c;

		if (map[i] == NONE)
			continue;
		c = &n.c[n.nc++];
		*c = *o;
		c->name = intern(&n.pool, &n.strs, m->pool.data + o->name,
		    strlen(m->pool.data + o->name));
		c->email = intern(&n.pool, &n.strs, m->pool.data + o->email,
		    strlen(m->pool.data + o->email));
		c->subject = intern(&n.pool, &n.strs, m->pool.data + o->subject,
		    strlen(m->pool.data + o->subject));
		c->parent = (uint32_t)n.npar;
		for (j = 0; j < o->nparent; j++)
			*PUSH(n.par, n.npar, n.cappar) =
			    map[m->par[o->parent + j]];
	}
	for (i = 0; i < m->nch; i++) {
		const char *p = m->pool.data + m->ch[i].path;
		struct hchange *c;

		if (map[m->ch[i].commit] == NONE)
			continue;
		c = PUSH(n.ch, n.nch, n.capch);
		c->commit = map[m->ch[i].commit];
		c->path = intern(&n.pool, &n.strs, p, strlen(p));
	}
	for (i = 0; i < m->nrn; i++) {
		const char *f = m->pool.data + m->rn[i].from;
		const char *t = m->pool.data + m->rn[i].to;
		struct hrename *r;

		if (map[m->rn[i].commit] == NONE)
			continue;
		r = PUSH(n.rn, n.nrn, n.caprn);
		r->commit = map[m->rn[i].commit];
		r->from = intern(&n.pool, &n.strs, f, strlen(f));
		r->to = intern(&n.pool, &n.strs, t, strlen(t));
	}
	free(map);
	model_free(m);
	*m = n;
	oidmap_rebuild(m, m->nc + 1);
}

/* ------------------------------------------------------------------ */
/* The cache file                                                      */
/* ------------------------------------------------------------------ */

/*
 * Layout, little-endian:
 *   "GONGKAIH" u32 version, u32 0, head[20], u32 0, u64 shallow key,
 *   u32 pool_len, ncommits, nparents, nchanges, nrenames, 0,
 *   pool bytes, zero padding to 8,
 *   commits: oid[20] name email subject parent nparent aoff (u32 each)
 *            atime ctime (u64 each)
 *   parents u32..., changes (commit, path)..., renames (commit, from, to)...,
 *   u64 hash of everything before it.
 */
#define CACHE_MAGIC	"GONGKAIH"
#define CACHE_HEADER	72
#define COMMIT_BYTES	60

static void
put32(struct buf *b, uint32_t v)
{
	unsigned char x[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
	    (v >> 24) & 0xff };

	buf_append(b, (const char *)x, 4);
}

static void
put64(struct buf *b, uint64_t v)
{
	put32(b, (uint32_t)v);
	put32(b, (uint32_t)(v >> 32));
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
get64(const unsigned char *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static void
cache_encode(const struct model *m, struct buf *b)
{
	size_t i;

	buf_append(b, CACHE_MAGIC, 8);
	put32(b, CACHE_VERSION);
	put32(b, 0);
	buf_append(b, (const char *)m->head, 20);
	put32(b, 0);
	put64(b, m->shallow);
	put32(b, (uint32_t)m->pool.len);
	put32(b, (uint32_t)m->nc);
	put32(b, (uint32_t)m->npar);
	put32(b, (uint32_t)m->nch);
	put32(b, (uint32_t)m->nrn);
	put32(b, 0);
	buf_append(b, m->pool.data ? m->pool.data : "", m->pool.len);
	while (b->len % 8)
		buf_putc(b, '\0');
	for (i = 0; i < m->nc; i++) {
		const struct hcommit *c = &m->c[i];

		buf_append(b, (const char *)c->oid, 20);
		put32(b, c->name);
		put32(b, c->email);
		put32(b, c->subject);
		put32(b, c->parent);
		put32(b, c->nparent);
		put32(b, (uint32_t)c->aoff);
		put64(b, (uint64_t)c->atime);
		put64(b, (uint64_t)c->ctime);
	}
	for (i = 0; i < m->npar; i++)
		put32(b, m->par[i]);
	for (i = 0; i < m->nch; i++) {
		put32(b, m->ch[i].commit);
		put32(b, m->ch[i].path);
	}
	for (i = 0; i < m->nrn; i++) {
		put32(b, m->rn[i].commit);
		put32(b, m->rn[i].from);
		put32(b, m->rn[i].to);
	}
	put64(b, hash_bytes(b->data, b->len, 0x676f6e676b6169ULL));
}

/*
 * Decode a cache file into m. Returns 0, or -1 with *why set to a short
 * English reason; nothing in a damaged file is trusted. check_sum 0 skips
 * the checksum only (history_from_cache).
 */
/*
 * Index a pool read from a file into m->strs, as intern() would have built
 * it: -1 if a string is there twice (two offsets for one path would give
 * it two histories). starts[off] is set where a string begins.
 */
static int
pool_index(struct model *m, unsigned char *starts)
{
	const char *pool = m->pool.data;
	size_t off, count = 0, len, i;

	for (off = 0; off < m->pool.len; off += strlen(pool + off) + 1)
		count++;
	strtab_free(&m->strs);
	strtab_resize(&m->strs, &m->pool, count + 16);
	for (off = 0; off < m->pool.len; off += len + 1) {
		len = strlen(pool + off);
		i = hash_bytes(pool + off, len, 0) & m->strs.mask;
		for (; m->strs.slot[i] != 0; i = (i + 1) & m->strs.mask)
			if (strcmp(pool + m->strs.slot[i] - 1, pool + off) == 0)
				return -1;
		m->strs.slot[i] = (uint32_t)off + 1;
		m->strs.n++;
		starts[off] = 1;
	}
	return 0;
}

static int
cache_decode(const unsigned char *p, size_t len, struct model *m,
    const char **why, int check_sum)
{
	size_t poollen, nc, npar, nch, nrn, off, need, i;
	unsigned char *starts = NULL;

	memset(m, 0, sizeof(*m));
	*why = "truncated";
	if (len < CACHE_HEADER + 8)
		return -1;
	*why = "bad magic";
	if (memcmp(p, CACHE_MAGIC, 8) != 0)
		return -1;
	*why = "unknown version";
	if (get32(p + 8) != CACHE_VERSION)
		return -1;
	*why = "checksum mismatch";
	if (check_sum &&
	    get64(p + len - 8) != hash_bytes(p, len - 8, 0x676f6e676b6169ULL))
		return -1;
	poollen = get32(p + 48);
	nc = get32(p + 52);
	npar = get32(p + 56);
	nch = get32(p + 60);
	nrn = get32(p + 64);
	off = CACHE_HEADER + (poollen + 7) / 8 * 8;
	need = off + nc * COMMIT_BYTES + npar * 4 + nch * 8 + nrn * 12 + 8;
	*why = "wrong size";
	if (need != len)
		return -1;
	*why = "bad string pool";
	if (poollen > 0 && p[CACHE_HEADER + poollen - 1] != '\0')
		return -1;
	memcpy(m->head, p + 16, 20);
	m->shallow = get64(p + 40);
	buf_append(&m->pool, (const char *)p + CACHE_HEADER, poollen);
	starts = xcalloc(poollen + 1, 1);
	if (pool_index(m, starts) < 0)
		goto bad;
	m->c = xmalloc((nc + 1) * sizeof(*m->c));
	m->capc = nc + 1;
	m->nc = nc;
	*why = "bad commit";
	for (i = 0; i < nc; i++, off += COMMIT_BYTES) {
		struct hcommit *c = &m->c[i];
		const unsigned char *q = p + off;

		memcpy(c->oid, q, 20);
		c->name = get32(q + 20);
		c->email = get32(q + 24);
		c->subject = get32(q + 28);
		c->parent = get32(q + 32);
		c->nparent = get32(q + 36);
		c->aoff = (int32_t)get32(q + 40);
		c->atime = (int64_t)get64(q + 44);
		c->ctime = (int64_t)get64(q + 52);
		if (c->name >= poollen || c->email >= poollen ||
		    c->subject >= poollen || !starts[c->name] ||
		    !starts[c->email] || !starts[c->subject] ||
		    c->parent > npar ||
		    c->nparent > npar - c->parent)
			goto bad;
	}
	m->par = xmalloc((npar + 1) * sizeof(*m->par));
	m->cappar = npar + 1;
	m->npar = npar;
	*why = "bad parent";
	for (i = 0; i < npar; i++, off += 4)
		if ((m->par[i] = get32(p + off)) >= nc)
			goto bad;
	m->ch = xmalloc((nch + 1) * sizeof(*m->ch));
	m->capch = nch + 1;
	m->nch = nch;
	*why = "bad change";
	for (i = 0; i < nch; i++, off += 8) {
		m->ch[i].commit = get32(p + off);
		m->ch[i].path = get32(p + off + 4);
		if (m->ch[i].commit >= nc || m->ch[i].path >= poollen ||
		    !starts[m->ch[i].path])
			goto bad;
	}
	m->rn = xmalloc((nrn + 1) * sizeof(*m->rn));
	m->caprn = nrn + 1;
	m->nrn = nrn;
	*why = "bad rename";
	for (i = 0; i < nrn; i++, off += 12) {
		m->rn[i].commit = get32(p + off);
		m->rn[i].from = get32(p + off + 4);
		m->rn[i].to = get32(p + off + 8);
		if (m->rn[i].commit >= nc || m->rn[i].from >= poollen ||
		    m->rn[i].to >= poollen || !starts[m->rn[i].from] ||
		    !starts[m->rn[i].to])
			goto bad;
	}
	oidmap_rebuild(m, nc + 1);
	*why = "duplicate commit";
	for (i = 0; i < nc; i++)
		if (model_find(m, m->c[i].oid) != i)
			goto bad;
	*why = "HEAD missing";
	if (nc > 0 && model_find(m, m->head) == NONE)
		goto bad;
	*why = NULL;
	free(starts);
	return 0;
bad:
	free(starts);
	model_free(m);
	return -1;
}

/* Write atomically: a temporary file in the same folder, then rename. */
static int
cache_write(const char *dir, const struct model *m)
{
	struct buf b = BUF_INIT, path = BUF_INIT, tmp = BUF_INIT;
	FILE *f = NULL;
	int rc = -1, created = !fs_is_dir(dir);

	if (fs_mkdir_p(dir) < 0)
		goto out;
	if (created) {
		/* Keep the cache out of git even where .gitignore lacks it. */
		struct buf gi = BUF_INIT;

		buf_printf(&gi, "%s/.gitignore", dir);
		fs_write_file(buf_cstr(&gi), "*\n", 2);
		buf_free(&gi);
	}
	cache_encode(m, &b);
	buf_printf(&path, "%s/%s", dir, CACHE_FILE);
	buf_printf(&tmp, "%s/.%s.%ld.tmp", dir, CACHE_FILE, (long)getpid());
	if ((f = fopen(buf_cstr(&tmp), "wb")) == NULL)
		goto out;
	if (fwrite(b.data, 1, b.len, f) != b.len || fflush(f) != 0 ||
	    ferror(f)) {
		fclose(f);
		f = NULL;
		unlink(buf_cstr(&tmp));
		goto out;
	}
	if (fclose(f) != 0) {
		f = NULL;
		unlink(buf_cstr(&tmp));
		goto out;
	}
	f = NULL;
	if (rename(buf_cstr(&tmp), buf_cstr(&path)) < 0) {
		unlink(buf_cstr(&tmp));
		goto out;
	}
	rc = 0;
out:
	buf_free(&b);
	buf_free(&path);
	buf_free(&tmp);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The history handed out                                              */
/* ------------------------------------------------------------------ */

struct hpath {
	const char		*name;
	struct history_entry	*e;	/* own entries, newest first */
	uint32_t		*rank;	/* parallel to e */
	size_t			 n;
	struct history_entry	*fe;	/* followed through renames */
	size_t			 fn;
};

struct hstatus {
	char			*path;
	enum history_state	 state;
};

struct history {
	git_repository		*repo;		/* NULL: no repository (or
						 * released) */
	int			 released;	/* history_release_repo */
	pthread_mutex_t		 lock;		/* guards repo after open */
	char			*workdir;	/* realpath + '/', or NULL */
	struct history_options	 opt;
	struct model		 m;
	uint32_t		*rank;		/* per commit */
	char			(*hex)[41];
	struct hpath		*paths;		/* sorted bytewise */
	size_t			 npaths;
	struct history_entry	*entries;
	uint32_t		*eranks;
	struct history_entry	*fentries;
	struct hstatus		*status;
	size_t			 nstatus;
	struct history_stats	 stats;
};

static int
cmp_hpath(const void *a, const void *b)
{
	return strcmp(((const struct hpath *)a)->name,
	    ((const struct hpath *)b)->name);
}

static int
cmp_rename_to(const void *a, const void *b)
{
	const uint32_t *x = a, *y = b;	/* (to path index, rank, from) */

	if (x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	if (x[1] != y[1])
		return x[1] < y[1] ? -1 : 1;
	return 0;
}

static size_t
path_index(const struct history *h, const char *path)
{
	size_t lo = 0, hi = h->npaths;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(h->paths[mid].name, path);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

/* Build the followed lists: see history_lookup() in history.h. */
static void
history_follow(struct history *h)
{
	const struct model *m = &h->m;
	uint32_t (*rn)[3], *first;
	size_t nrn = 0, i, total = 0, used = 0, pass;

	if (m->nrn == 0)
		return;
	rn = xmalloc(m->nrn * sizeof(*rn));
	for (i = 0; i < m->nrn; i++) {
		size_t to = path_index(h, m->pool.data + m->rn[i].to);
		size_t from = path_index(h, m->pool.data + m->rn[i].from);

		if (to == (size_t)-1 || from == (size_t)-1)
			continue;
		rn[nrn][0] = (uint32_t)to;
		rn[nrn][1] = h->rank[m->rn[i].commit];
		rn[nrn][2] = (uint32_t)from;
		nrn++;
	}
	xqsort(rn, nrn, sizeof(*rn), cmp_rename_to);
	/* first[p]: index in rn of p's first rename-in, or NONE */
	first = xmalloc((h->npaths + 1) * sizeof(*first));
	for (i = 0; i < h->npaths; i++)
		first[i] = NONE;
	for (i = nrn; i-- > 0;)
		first[rn[i][0]] = (uint32_t)i;
	/* Two passes: count, then fill. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < h->npaths; i++) {
			size_t cur = i, n = 0, k, guard = 0;
			uint32_t r = 0;

			if (first[i] == NONE)
				continue;
			if (pass == 1)
				h->paths[i].fe = h->fentries + used;
			for (;;) {
				const struct hpath *p = &h->paths[cur];
				uint32_t rc = NONE, from = 0;

				/* the newest rename into cur at or after r */
				for (k = first[cur]; k != NONE && k < nrn &&
				    rn[k][0] == cur; k++)
					if (rn[k][1] >= r) {
						rc = rn[k][1];
						from = rn[k][2];
						break;
					}
				for (k = 0; k < p->n; k++) {
					if (p->rank[k] < r ||
					    (rc != NONE && p->rank[k] > rc))
						continue;
					if (pass == 1)
						h->fentries[used + n] = p->e[k];
					n++;
				}
				if (rc == NONE || ++guard > m->nrn)
					break;
				cur = from;
				r = rc + 1;
			}
			if (pass == 0)
				total += n;
			else {
				h->paths[i].fn = n;
				used += n;
			}
		}
		if (pass == 0)
			h->fentries = xmalloc((total + 1) *
			    sizeof(*h->fentries));
	}
	free(first);
	free(rn);
}

/* Turn the model into per-path lists. */
static void
history_finalize(struct history *h)
{
	struct model *m = &h->m;
	uint32_t head = model_find(m, m->head), *order, *count, *pidx, *slot;
	size_t i, k, nord, mask, size = 64;
	const char *pool = m->pool.data;
	char hexd[] = "0123456789abcdef";

	h->rank = xmalloc((m->nc + 1) * sizeof(*h->rank));
	order = xmalloc((m->nc + 1) * sizeof(*order));
	nord = model_rank(m, head, h->rank, order);
	h->hex = xmalloc((m->nc + 1) * sizeof(*h->hex));
	for (i = 0; i < m->nc; i++) {
		for (k = 0; k < 20; k++) {
			h->hex[i][2 * k] = hexd[m->c[i].oid[k] >> 4];
			h->hex[i][2 * k + 1] = hexd[m->c[i].oid[k] & 15];
		}
		h->hex[i][40] = '\0';
	}
	/* Paths: unique pool offsets, sorted by name. */
	while (size < m->nch * 2 + 2)
		size *= 2;
	mask = size - 1;
	slot = xcalloc(size, sizeof(*slot));	/* offset+1 -> path index+1 */
	pidx = xmalloc((m->nch + 1) * sizeof(*pidx));
	h->paths = xmalloc((m->nch + 1) * sizeof(*h->paths));
	for (i = 0; i < m->nch; i++) {
		uint32_t off = m->ch[i].path;
		size_t j = (off * 2654435761u) & mask;

		while (slot[j] != 0 && slot[j] != off + 1)
			j = (j + 1) & mask;
		if (slot[j] == 0) {
			slot[j] = off + 1;
			memset(&h->paths[h->npaths], 0, sizeof(*h->paths));
			h->paths[h->npaths++].name = pool + off;
		}
	}
	xqsort(h->paths, h->npaths, sizeof(*h->paths), cmp_hpath);
	/* Map each change to its path's sorted index via a second table. */
	{
		uint32_t *val = xcalloc(size, sizeof(*val));

		for (i = 0; i < h->npaths; i++) {
			uint32_t off = (uint32_t)(h->paths[i].name - pool);
			size_t j = (off * 2654435761u) & mask;

			while (slot[j] != off + 1)
				j = (j + 1) & mask;
			val[j] = (uint32_t)i;
		}
		for (i = 0; i < m->nch; i++) {
			uint32_t off = m->ch[i].path;
			size_t j = (off * 2654435761u) & mask;

			while (slot[j] != off + 1)
				j = (j + 1) & mask;
			pidx[i] = val[j];
		}
		free(val);
	}
	free(slot);
	/* Bucket changes by commit, then emit commits in rank order so each
	 * path's list comes out newest first. */
	count = xcalloc(m->nc + 2, sizeof(*count));
	for (i = 0; i < m->nch; i++)
		count[m->ch[i].commit + 1]++;
	for (i = 0; i < m->nc; i++)
		count[i + 1] += count[i];
	{
		uint32_t *bych = xmalloc((m->nch + 1) * sizeof(*bych));
		uint32_t *fill = xmalloc((m->nc + 1) * sizeof(*fill));
		size_t *pos;

		memcpy(fill, count, m->nc * sizeof(*fill));
		for (i = 0; i < m->nch; i++)
			bych[fill[m->ch[i].commit]++] = (uint32_t)i;
		h->entries = xmalloc((m->nch + 1) * sizeof(*h->entries));
		h->eranks = xmalloc((m->nch + 1) * sizeof(*h->eranks));
		for (i = 0; i < m->nch; i++)
			if (h->rank[m->ch[i].commit] != NONE)
				h->paths[pidx[i]].n++;
		pos = xmalloc((h->npaths + 1) * sizeof(*pos));
		for (i = 0, k = 0; i < h->npaths; i++) {
			pos[i] = k;
			h->paths[i].e = h->entries + k;
			h->paths[i].rank = h->eranks + k;
			k += h->paths[i].n;
		}
		for (k = 0; k < nord; k++) {
			uint32_t ci = order[k];
			const struct hcommit *c = &m->c[ci];

			for (i = count[ci]; i < count[ci + 1]; i++) {
				uint32_t p = pidx[bych[i]];
				struct history_entry *e = &h->entries[pos[p]];

				e->id = h->hex[ci];
				e->author_name = pool + c->name;
				e->author_email = pool + c->email;
				e->subject = pool + c->subject;
				e->time = c->atime;
				e->offset = c->aoff;
				h->eranks[pos[p]++] = (uint32_t)k;
			}
		}
		free(pos);
		free(fill);
		free(bych);
	}
	free(count);
	free(pidx);
	free(order);
	if (h->opt.follow_renames)
		history_follow(h);
	h->stats.commits = nord;
	h->stats.paths = h->npaths;
	h->stats.entries = m->nch;
}

/* ------------------------------------------------------------------ */
/* Tree comparison                                                     */
/* ------------------------------------------------------------------ */

/*
 * A tree's index is the byte offset where each entry starts ("MODE NAME\0"
 * then 20 bytes of id); names and modes are decoded only for the entries
 * that are actually compared.
 */
struct tnode {
	git_oid		 id;
	git_odb_object	*obj;
	const unsigned char *raw;
	size_t		 len;
	uint32_t	*e;		/* entry start offsets; NULL until indexed */
	uint32_t	 n;
	uint64_t	 used;		/* step that last used it */
};

/* One decoded entry. */
struct tent {
	const unsigned char *name;
	size_t		 namelen;
	const unsigned char *oid;
	uint32_t	 mode;		/* canonical, as git compares them */
};

struct wblob {
	uint32_t	 path;
	unsigned char	 oid[20];
};

struct work {
	uint32_t	 commit;
	int		 root;
	git_oid		 tree, ptree;
};

struct job {
	const struct work *items;
	size_t		 n;
	size_t		 cache_bytes;	/* CACHE_BYTES, or the test's */
	int		 fixed;		/* the test's: not grown (CACHE_TREES) */
	atomic_size_t	 next;
	atomic_int	 failed;
};

struct worker {
	git_repository	*repo;
	git_odb		*odb;
	struct job	*job;
	/* tree cache, by id */
	struct tnode	**tn;
	size_t		 ntn, captn;
	uint32_t	*slot;
	size_t		 mask;
	size_t		 bytes;		/* raw bytes held by the cache */
	size_t		 limit;		/* bytes it may hold (tcache_evict) */
	uint64_t	 step;
	struct buf	 path;		/* folder being compared, with '/' */
	uint32_t	*scratch;	/* entry offsets being derived */
	size_t		 capscratch;
	/* output */
	struct buf	 pool;
	struct hchange	*ch;
	size_t		 nch, capch;
	struct hrename	*rn;
	size_t		 nrn, caprn;
	/* this commit's added and removed regular files, for renames */
	struct wblob	*add, *del;
	size_t		 nadd, capadd, ndel, capdel;
	uint32_t	 commit;
	char		 err[256];
};

static void
worker_fail(struct worker *w, const char *what)
{
	const git_error *e = git_error_last();

	if (w->err[0] == '\0')
		snprintf(w->err, sizeof(w->err), "%s: %s", what,
		    e && e->message ? e->message : "libgit2 error");
	atomic_store(&w->job->failed, 1);
}

static void
worker_malformed(struct worker *w, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	if (w->err[0] == '\0')
		snprintf(w->err, sizeof(w->err), "malformed tree %s", hex);
	atomic_store(&w->job->failed, 1);
}

static void
tnode_free(struct tnode *t)
{
	git_odb_object_free(t->obj);
	free(t->e);
	free(t);
}

static void
tcache_rebuild(struct worker *w)
{
	size_t size = 64, i, j;

	while (size < w->ntn * 2 + 2)
		size *= 2;
	free(w->slot);
	w->slot = xcalloc(size, sizeof(*w->slot));
	w->mask = size - 1;
	for (i = 0; i < w->ntn; i++) {
		for (j = oid_hash(w->tn[i]->id.id) & w->mask; w->slot[j] != 0;
		    j = (j + 1) & w->mask)
			;
		w->slot[j] = (uint32_t)i + 1;
	}
}

/*
 * Forget trees unused for KEEP_STEPS commits, and the oldest ones while the
 * cache holds more than CACHE_BYTES. A tree a commit did not need is often
 * needed a few commits later: a folder's tree stays the same until the
 * next commit that changes the folder, which compares it again.
 */
static void
tcache_evict(struct worker *w)
{
	size_t i, k, was = w->ntn;
	uint64_t cut = w->step > KEEP_STEPS ? w->step - KEEP_STEPS : 0;

	for (;;) {
		for (i = 0, k = 0; i < w->ntn; i++) {
			if (w->tn[i]->used < cut) {
				w->bytes -= w->tn[i]->len;
				tnode_free(w->tn[i]);
			} else
				w->tn[k++] = w->tn[i];
		}
		/* the next pass must see only the trees still held (once
		 * this was left at the old count, and a second pass, when
		 * the cache was still over CACHE_BYTES, freed trees twice) */
		w->ntn = k;
		if (w->bytes <= w->limit || cut >= w->step)
			break;
		cut++;
	}
	if (k != was || (w->mask > 1023 && k * 8 < w->mask))
		tcache_rebuild(w);
}

static uint32_t
canon_mode(uint32_t mode)
{
	switch (mode & 0170000) {
	case 0100000:
		return mode & 0111 ? 0100755 : 0100644;
	case 0120000:
		return 0120000;
	case 0040000:
		return 0040000;
	default:
		return 0160000;
	}
}

/* Where the NUL is in [p, end), or NULL. Names are short: a word at a time
 * beats a memchr call. */
static const unsigned char *
find_nul(const unsigned char *p, const unsigned char *end)
{
	while (end - p >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)
			break;
		p += 8;
	}
	for (; p < end; p++)
		if (*p == '\0')
			return p;
	return NULL;
}

/* Check the entry at off and return the offset after it, or 0 if it is
 * malformed. */
static size_t
entry_next(const unsigned char *raw, size_t len, size_t off)
{
	const unsigned char *p = raw + off, *end = raw + len, *q;
	int digits = 0;

	for (; p < end && *p != ' '; p++, digits++)
		if (*p < '0' || *p > '7' || digits > 7)
			return 0;
	if (p >= end || digits == 0)
		return 0;
	p++;
	if ((q = find_nul(p, end)) == NULL || q == p || end - q < 21)
		return 0;
	return (size_t)(q + 21 - raw);
}

static void
tent_get(const struct tnode *t, size_t i, struct tent *x)
{
	const unsigned char *p = t->raw + t->e[i];
	size_t end = i + 1 < t->n ? t->e[i + 1] : t->len;
	uint32_t mode = 0;

	for (; *p != ' '; p++)
		mode = mode * 8 + (uint32_t)(*p - '0');
	x->mode = canon_mode(mode);
	x->name = p + 1;
	x->oid = t->raw + end - 20;
	x->namelen = (size_t)(x->oid - 1 - x->name);
}

static int
tree_index_full(struct tnode *t)
{
	size_t cap = t->len / 32 + 4, off = 0;

	t->e = xmalloc(cap * sizeof(*t->e));
	t->n = 0;
	while (off < t->len) {
		if (t->n == cap)
			t->e = grow(t->e, &cap, cap + 1, sizeof(*t->e));
		t->e[t->n++] = (uint32_t)off;
		if ((off = entry_next(t->raw, t->len, off)) == 0)
			return -1;
	}
	return 0;
}

/* The tree with this id, read (not necessarily indexed yet). */
static struct tnode *
tree_get(struct worker *w, const git_oid *id)
{
	struct tnode *t;
	size_t j;

	if (w->slot == NULL || (w->ntn + 1) * 2 > w->mask + 1)
		tcache_rebuild(w);
	for (j = oid_hash(id->id) & w->mask; w->slot[j] != 0;
	    j = (j + 1) & w->mask) {
		t = w->tn[w->slot[j] - 1];
		if (git_oid_equal(&t->id, id)) {
			t->used = w->step;
			return t;
		}
	}
	t = xcalloc(1, sizeof(*t));
	git_oid_cpy(&t->id, id);
	if (git_odb_read(&t->obj, w->odb, id) < 0) {
		free(t);
		worker_fail(w, "cannot read tree");
		return NULL;
	}
	t->raw = git_odb_object_data(t->obj);
	t->len = git_odb_object_size(t->obj);
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE || t->len >= UINT32_MAX) {
		worker_malformed(w, id);
		tnode_free(t);
		return NULL;
	}
	t->used = w->step;
	w->bytes += t->len;
	if (!w->job->fixed && t->len * CACHE_TREES > w->limit)
		w->limit = t->len * CACHE_TREES;
	*PUSH(w->tn, w->ntn, w->captn) = t;
	w->slot[j] = (uint32_t)w->ntn;
	return t;
}

static int
tree_index(struct worker *w, struct tnode *t)
{
	if (t->e == NULL && tree_index_full(t) < 0) {
		worker_malformed(w, &t->id);
		return -1;
	}
	return 0;
}

static size_t
common_prefix(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t i = 0;
	uint64_t x, y;

	while (i + 8 <= n) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y)
			break;
		i += 8;
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* Common trailing bytes of a[0..na) and b[0..nb), at most max. */
static size_t
common_suffix(const unsigned char *a, size_t na, const unsigned char *b,
    size_t nb, size_t max)
{
	size_t i = 0;
	uint64_t x, y;

	while (i + 8 <= max) {
		memcpy(&x, a + na - i - 8, 8);
		memcpy(&y, b + nb - i - 8, 8);
		if (x != y)
			break;
		i += 8;
	}
	while (i < max && a[na - i - 1] == b[nb - i - 1])
		i++;
	return i;
}

/* First entry of t that ends after byte p. */
static size_t
first_ending_after(const struct tnode *t, size_t p)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		size_t end = mid + 1 < t->n ? t->e[mid + 1] : t->len;

		if (end <= p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* First entry of t, from lo on, starting at or after byte p. */
static size_t
first_starting_from(const struct tnode *t, size_t lo, size_t p)
{
	size_t hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->e[mid] < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Both trees are indexed: narrow [*ia, *ja) of a and [*ib, *jb) of b to
 * the entries that may differ. Identical leading bytes parse into
 * identical entries; trailing bytes only count from an offset where both
 * trees start an entry.
 */
static void
trim(const struct tnode *a, const struct tnode *b, size_t *ia, size_t *ib,
    size_t *ja, size_t *jb)
{
	size_t min = a->len < b->len ? a->len : b->len;
	size_t p = common_prefix(a->raw, b->raw, min), s, lo, k;

	*ia = *ib = first_ending_after(a, p);
	s = common_suffix(a->raw, a->len, b->raw, b->len, min - p);
	lo = first_starting_from(a, *ia, a->len - s);
	k = first_starting_from(b, *ib, b->len - s);
	/* walk both suffix regions until an offset both start an entry at */
	while (lo < a->n && k < b->n) {
		size_t da = a->len - a->e[lo], db = b->len - b->e[k];

		if (da == db)
			break;
		if (da > db)
			lo++;
		else
			k++;
	}
	if (lo < a->n && k < b->n) {
		*ja = lo;
		*jb = k;
	} else {
		*ja = a->n;
		*jb = b->n;
	}
}

/*
 * Only k is indexed: index u by copying k's offsets where the bytes are the
 * same and parsing only the part that differs, then narrow the ranges as
 * trim() does. This is what makes "parse each tree once" cheap: a tree is
 * mostly its neighbour's entries.
 */
static int
derive(struct worker *w, const struct tnode *k, struct tnode *u,
    size_t *ik, size_t *iu, size_t *jk, size_t *ju)
{
	size_t min = k->len < u->len ? k->len : u->len;
	size_t p = common_prefix(k->raw, u->raw, min), s, off, kj, i, nmid = 0;
	size_t ia = first_ending_after(k, p), useg;
	long long delta = (long long)u->len - (long long)k->len;

	s = common_suffix(k->raw, k->len, u->raw, u->len, min - p);
	off = ia < k->n ? k->e[ia] : k->len;
	kj = ia;
	for (;;) {
		if (off >= u->len - s) {
			/* same bytes from here to the end: aligned once k also
			 * starts an entry here */
			size_t target = (size_t)((long long)off - delta);

			while (kj < k->n && k->e[kj] < target)
				kj++;
			if (kj == k->n ? target == k->len : k->e[kj] == target)
				break;
		}
		if (off >= u->len) {
			kj = k->n;
			break;
		}
		w->scratch = grow(w->scratch, &w->capscratch, nmid + 1,
		    sizeof(*w->scratch));
		w->scratch[nmid++] = (uint32_t)off;
		if ((off = entry_next(u->raw, u->len, off)) == 0) {
			worker_malformed(w, &u->id);
			return -1;
		}
	}
	useg = k->n - kj;
	u->n = (uint32_t)(ia + nmid + useg);
	u->e = xmalloc(((size_t)u->n + 1) * sizeof(*u->e));
	memcpy(u->e, k->e, ia * sizeof(*u->e));
	memcpy(u->e + ia, w->scratch, nmid * sizeof(*u->e));
	for (i = 0; i < useg; i++)
		u->e[ia + nmid + i] = (uint32_t)((long long)k->e[kj + i] + delta);
	*ik = *iu = ia;
	*jk = kj;
	*ju = ia + nmid;
	return 0;
}

/* git's base_name_compare: a folder sorts as if its name ended in '/'. */
static int
tent_cmp(const struct tent *x, const struct tent *y)
{
	size_t n = x->namelen < y->namelen ? x->namelen : y->namelen;
	int c = memcmp(x->name, y->name, n);
	unsigned cx, cy;

	if (c != 0)
		return c;
	cx = n < x->namelen ? x->name[n] : x->mode == 040000 ? '/' : 0;
	cy = n < y->namelen ? y->name[n] : y->mode == 040000 ? '/' : 0;
	return cx < cy ? -1 : cx > cy;
}

enum { CH_ADD, CH_DEL, CH_MOD };

static void
record(struct worker *w, int kind, const unsigned char *oid, uint32_t mode)
{
	struct hchange *c;
	uint32_t off;

	if (w->pool.len + w->path.len + 1 > UINT32_MAX)
		die("git 歷史的檔案數超過上限 (history: too many paths)");
	off = (uint32_t)w->pool.len;
	buf_append(&w->pool, w->path.data, w->path.len);
	buf_putc(&w->pool, '\0');
	c = PUSH(w->ch, w->nch, w->capch);
	c->commit = w->commit;
	c->path = off;
	if (kind != CH_MOD && (mode & 0170000) == 0100000 &&
	    memcmp(oid, empty_blob, 20) != 0) {
		struct wblob *b = kind == CH_ADD ?
		    PUSH(w->add, w->nadd, w->capadd) :
		    PUSH(w->del, w->ndel, w->capdel);

		b->path = off;
		memcpy(b->oid, oid, 20);
	}
}

static int diff_trees(struct worker *, const git_oid *, const git_oid *);

/* One side only: every file below (or the file itself) is added/removed. */
static int
one_side(struct worker *w, const struct tent *x, int kind)
{
	size_t len = w->path.len;
	int rc = 0;

	buf_append(&w->path, (const char *)x->name, x->namelen);
	if (x->mode == 040000) {
		git_oid id;

		git_oid_fromraw(&id, x->oid);
		buf_putc(&w->path, '/');
		rc = kind == CH_ADD ? diff_trees(w, &id, NULL) :
		    diff_trees(w, NULL, &id);
	} else
		record(w, kind, x->oid, x->mode);
	buf_truncate(&w->path, len);
	return rc;
}

/* Compare tree a (the commit's) with tree b (its parent's); either may be
 * NULL. Records every file path whose id or mode differs. */
static int
diff_trees(struct worker *w, const git_oid *a, const git_oid *b)
{
	struct tnode *ta = NULL, *tb = NULL;
	size_t ia = 0, ib = 0, ja = 0, jb = 0;

	if (a && b && git_oid_equal(a, b))
		return 0;
	if ((a && (ta = tree_get(w, a)) == NULL) ||
	    (b && (tb = tree_get(w, b)) == NULL))
		return -1;
	if (ta && tb) {
		if (ta->e && tb->e)
			trim(ta, tb, &ia, &ib, &ja, &jb);
		else if (ta->e) {
			if (derive(w, ta, tb, &ia, &ib, &ja, &jb) < 0)
				return -1;
		} else {
			/* index the parent's tree fully: it is the one the
			 * next commit compares again */
			if (tree_index(w, tb) < 0 ||
			    derive(w, tb, ta, &ib, &ia, &jb, &ja) < 0)
				return -1;
		}
	} else {
		if ((ta && tree_index(w, ta) < 0) || (tb && tree_index(w, tb) < 0))
			return -1;
		ja = ta ? ta->n : 0;
		jb = tb ? tb->n : 0;
	}
	while (ia < ja || ib < jb) {
		struct tent x, y;
		int c;

		if (ia < ja)
			tent_get(ta, ia, &x);
		if (ib < jb)
			tent_get(tb, ib, &y);
		c = ia >= ja ? 1 : ib >= jb ? -1 : tent_cmp(&x, &y);
		if (c < 0) {
			if (one_side(w, &x, CH_ADD) < 0)
				return -1;
			ia++;
		} else if (c > 0) {
			if (one_side(w, &y, CH_DEL) < 0)
				return -1;
			ib++;
		} else {
			size_t len = w->path.len;
			int rc = 0;

			ia++;
			ib++;
			if (x.mode == y.mode && memcmp(x.oid, y.oid, 20) == 0)
				continue;
			buf_append(&w->path, (const char *)x.name, x.namelen);
			if (x.mode == 040000) {
				git_oid ida, idb;

				git_oid_fromraw(&ida, x.oid);
				git_oid_fromraw(&idb, y.oid);
				buf_putc(&w->path, '/');
				rc = diff_trees(w, &ida, &idb);
			} else
				record(w, CH_MOD, x.oid, x.mode);
			buf_truncate(&w->path, len);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

struct blobref {
	const unsigned char *oid;
	const char	*path;
	uint32_t	 off;
};

static int
cmp_blobref(const void *a, const void *b)
{
	const struct blobref *x = a, *y = b;
	int c = memcmp(x->oid, y->oid, 20);

	return c ? c : strcmp(x->path, y->path);
}

/* Pair this commit's removed and added files with the same blob id. */
static void
detect_renames(struct worker *w)
{
	struct blobref *a, *d;
	size_t i = 0, j = 0;

	if (w->nadd == 0 || w->ndel == 0)
		return;
	a = xmalloc(w->nadd * sizeof(*a));
	d = xmalloc(w->ndel * sizeof(*d));
	for (i = 0; i < w->nadd; i++)
		a[i] = (struct blobref){ w->add[i].oid,
		    w->pool.data + w->add[i].path, w->add[i].path };
	for (i = 0; i < w->ndel; i++)
		d[i] = (struct blobref){ w->del[i].oid,
		    w->pool.data + w->del[i].path, w->del[i].path };
	xqsort(a, w->nadd, sizeof(*a), cmp_blobref);
	xqsort(d, w->ndel, sizeof(*d), cmp_blobref);
	for (i = 0, j = 0; i < w->nadd && j < w->ndel;) {
		int c = memcmp(a[i].oid, d[j].oid, 20);

		if (c < 0)
			i++;
		else if (c > 0)
			j++;
		else {
			struct hrename *r = PUSH(w->rn, w->nrn, w->caprn);

			r->commit = w->commit;
			r->from = d[j].off;
			r->to = a[i].off;
			i++;
			j++;
		}
	}
	free(a);
	free(d);
}

static void *
worker_run(void *arg)
{
	struct worker *w = arg;
	struct job *job = w->job;

	for (;;) {
		size_t i = atomic_fetch_add(&job->next, CHUNK), k, end;

		if (i >= job->n || atomic_load(&job->failed))
			break;
		end = i + CHUNK < job->n ? i + CHUNK : job->n;
		for (k = i; k < end; k++) {
			const struct work *it = &job->items[k];

			w->step++;
			w->commit = it->commit;
			w->nadd = w->ndel = 0;
			buf_reset(&w->path);
			if (diff_trees(w, &it->tree, it->root ? NULL : &it->ptree) < 0)
				return NULL;
			detect_renames(w);
			tcache_evict(w);
		}
	}
	return NULL;
}

static void
worker_free(struct worker *w)
{
	size_t i;

	for (i = 0; i < w->ntn; i++)
		tnode_free(w->tn[i]);
	free(w->tn);
	free(w->slot);
	free(w->scratch);
	buf_free(&w->path);
	buf_free(&w->pool);
	free(w->ch);
	free(w->rn);
	free(w->add);
	free(w->del);
	git_odb_free(w->odb);
}

/* The cores we may run on (the affinity mask, as nproc reports: a
 * container often sees more online processors than it may use). */
static int
cpu_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
#ifdef CPU_COUNT
	cpu_set_t set;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
#endif
	return n < 1 ? 1 : n > MAX_THREADS ? MAX_THREADS : (int)n;
}

/* Diff every work item, in parallel, and add the changes to the model. */
static int
diff_all(struct history *h, const struct work *items, size_t n)
{
	struct job job;
	struct worker *w;
	pthread_t *tid;
	int nt = h->opt.threads > 0 ? h->opt.threads : cpu_count(), i, rc = -1;
	int started = 0;
	const char *gitdir = git_repository_path(h->repo);
	size_t k;

	if (nt > MAX_THREADS)
		nt = MAX_THREADS;
	/* Asked for: as many as there are chunks; chosen: only where a
	 * thread has enough work to pay for its repository. */
	if (h->opt.threads > 0 && (size_t)nt > (n + CHUNK - 1) / CHUNK)
		nt = (int)((n + CHUNK - 1) / CHUNK);
	if (h->opt.threads <= 0 && (size_t)nt > n / MIN_PER_THREAD)
		nt = (int)(n / MIN_PER_THREAD);
	if (nt < 1 || !(git_libgit2_features() & GIT_FEATURE_THREADS))
		nt = 1;
	job.items = items;
	job.n = n;
	/* the history suite shrinks the tree cache to make every eviction
	 * path run on a small repository */
	job.fixed = getenv("GONGKAI_HISTORY_CACHE_BYTES") != NULL;
	job.cache_bytes = job.fixed ?
	    strtoul(getenv("GONGKAI_HISTORY_CACHE_BYTES"), NULL, 10) :
	    CACHE_BYTES;
	atomic_init(&job.next, 0);
	atomic_init(&job.failed, 0);
	w = xcalloc((size_t)nt, sizeof(*w));
	tid = xcalloc((size_t)nt, sizeof(*tid));
	for (i = 0; i < nt; i++) {
		w[i].job = &job;
		w[i].limit = job.cache_bytes;
		if (i == 0)
			w[i].repo = h->repo;
		else if (git_repository_open_ext(&w[i].repo, gitdir,
		    GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE,
		    NULL) < 0) {
			worker_fail(&w[i], "cannot open repository");
			goto out;
		}
		if (git_repository_odb(&w[i].odb, w[i].repo) < 0) {
			worker_fail(&w[i], "cannot open object database");
			goto out;
		}
	}
	for (i = 1; i < nt; i++) {
		if (pthread_create(&tid[i], NULL, worker_run, &w[i]) != 0)
			break;
		started = i;
	}
	/* This thread works too, and takes over the chunks of any thread
	 * that could not be started. */
	worker_run(&w[0]);
	for (i = 1; i <= started; i++)
		pthread_join(tid[i], NULL);
	if (atomic_load(&job.failed))
		goto out;
	/* Merge the workers' changes into the model. */
	for (i = 0; i < nt; i++) {
		struct model *m = &h->m;

		for (k = 0; k < w[i].nch; k++) {
			const char *p = w[i].pool.data + w[i].ch[k].path;
			struct hchange *c = PUSH(m->ch, m->nch, m->capch);

			c->commit = w[i].ch[k].commit;
			c->path = intern(&m->pool, &m->strs, p, strlen(p));
		}
		for (k = 0; k < w[i].nrn; k++) {
			const char *f = w[i].pool.data + w[i].rn[k].from;
			const char *t = w[i].pool.data + w[i].rn[k].to;
			struct hrename *r = PUSH(m->rn, m->nrn, m->caprn);

			r->commit = w[i].rn[k].commit;
			r->from = intern(&m->pool, &m->strs, f, strlen(f));
			r->to = intern(&m->pool, &m->strs, t, strlen(t));
		}
	}
	rc = 0;
out:
	for (i = 0; i < nt; i++) {
		if (w[i].err[0] != '\0' && rc < 0) {
			fprintf(stderr, "gongkai: history: %s\n", w[i].err);
			rc = -2;	/* print one error */
		}
		worker_free(&w[i]);
		if (i > 0)
			git_repository_free(w[i].repo);
	}
	free(w);
	free(tid);
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The walk                                                            */
/* ------------------------------------------------------------------ */

static void
git_fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "gongkai: 無法讀取 git 歷史，請確認儲存庫完整 "
	    "(history: %s: %s)\n", what,
	    e && e->message ? e->message : "libgit2 error");
}

/* The commits the shallow file lists: sorted raw ids. */
struct shallow {
	unsigned char	(*oid)[20];
	size_t		 n;
	uint64_t	 key;
};

static int
cmp_oid20(const void *a, const void *b)
{
	return memcmp(a, b, 20);
}

static void
shallow_read(git_repository *repo, struct shallow *s)
{
	struct buf path = BUF_INIT, b = BUF_INIT;
	const char *p, *end;

	memset(s, 0, sizeof(*s));
	buf_printf(&path, "%sshallow", git_repository_commondir(repo));
	if (fs_read_file(buf_cstr(&path), &b) == 0 && b.len > 0) {
		s->key = hash_bytes(b.data, b.len, 1) | 1;
		s->oid = xmalloc((b.len / 40 + 1) * sizeof(*s->oid));
		for (p = b.data, end = b.data + b.len; p + 40 <= end;) {
			git_oid id;

			if (git_oid_fromstrn(&id, p, 40) == 0)
				memcpy(s->oid[s->n++], id.id, 20);
			p = memchr(p, '\n', (size_t)(end - p));
			if (p == NULL)
				break;
			p++;
		}
		xqsort(s->oid, s->n, 20, cmp_oid20);
	}
	buf_free(&path);
	buf_free(&b);
}

static int
shallow_has(const struct shallow *s, const unsigned char *oid)
{
	return s->n && bsearch(oid, s->oid, s->n, 20, cmp_oid20) != NULL;
}

/* Fill in a new commit's metadata, as UTF-8. */
static void
commit_meta(struct model *m, struct hcommit *c, git_commit *gc)
{
	const git_signature *a = git_commit_author(gc);
	const git_signature *cm = git_commit_committer(gc);
	const char *enc = git_commit_message_encoding(gc);
	const char *sum = git_commit_summary(gc);
	struct buf b = BUF_INIT;

	text_utf8(enc, a->name, strlen(a->name), &b);
	c->name = intern(&m->pool, &m->strs, buf_cstr(&b), b.len);
	buf_reset(&b);
	text_utf8(enc, a->email, strlen(a->email), &b);
	c->email = intern(&m->pool, &m->strs, buf_cstr(&b), b.len);
	buf_reset(&b);
	if (sum)
		text_utf8(enc, sum, strlen(sum), &b);
	c->subject = intern(&m->pool, &m->strs, buf_cstr(&b), b.len);
	buf_free(&b);
	c->atime = a->when.time;
	c->aoff = a->when.offset;
	c->ctime = cm ? cm->when.time : a->when.time;
}

/*
 * Read every commit reachable from HEAD that the model does not have yet,
 * then diff the new non-merge ones. Commits the model has (from the cache)
 * have all their ancestors in the model too, so the walk stops there.
 */
static int
walk(struct history *h, const git_oid *head, const struct shallow *sh)
{
	struct model *m = &h->m;
	git_oid *stack = NULL, *ptmp = NULL;
	size_t nstack = 0, capstack = 0, nptmp = 0, capptmp = 0, i, k;
	size_t first = m->nc, nwork = 0;
	uint32_t *pstart = NULL, *pcount = NULL, *rank = NULL, *order = NULL;
	git_oid *trees = NULL;
	struct work *items = NULL;
	size_t capnew = 0, capcnt = 0, captrees = 0, nnew = 0;
	int rc = -1;

	double t0 = now_ms(), t1;

	if (m->strs.slot == NULL && m->pool.len > 0)
		model_index_strings(m);
	*PUSH(stack, nstack, capstack) = *head;
	while (nstack > 0) {
		git_oid id = stack[--nstack];
		git_commit *gc = NULL;
		struct hcommit *c;
		uint32_t ci, np, j;

		if (model_find(m, id.id) != NONE)
			continue;
		if (git_commit_lookup(&gc, h->repo, &id) < 0) {
			git_fail("cannot read commit");
			goto out;
		}
		ci = model_add(m, id.id);
		c = &m->c[ci];
		commit_meta(m, c, gc);
		np = shallow_has(sh, id.id) ? 0 : git_commit_parentcount(gc);
		pstart = grow(pstart, &capnew, nnew + 1, sizeof(*pstart));
		pcount = grow(pcount, &capcnt, nnew + 1, sizeof(*pcount));
		trees = grow(trees, &captrees, nnew + 1, sizeof(*trees));
		pstart[nnew] = (uint32_t)nptmp;
		pcount[nnew] = np;
		git_oid_cpy(&trees[nnew], git_commit_tree_id(gc));
		nnew++;
		for (j = 0; j < np; j++) {
			const git_oid *p = git_commit_parent_id(gc, j);

			*PUSH(ptmp, nptmp, capptmp) = *p;
		}
		/* Push in reverse so the first parent is walked first. */
		for (j = np; j-- > 0;)
			*PUSH(stack, nstack, capstack) = ptmp[pstart[nnew - 1] + j];
		git_commit_free(gc);
	}
	h->stats.walked = nnew;
	/* Resolve parents to indices. */
	for (i = 0; i < nnew; i++) {
		struct hcommit *c = &m->c[first + i];

		c->parent = (uint32_t)m->npar;
		c->nparent = pcount[i];
		for (k = 0; k < pcount[i]; k++) {
			uint32_t p = model_find(m, ptmp[pstart[i] + k].id);

			if (p == NONE) {
				fprintf(stderr, "gongkai: git 歷史缺少上層提交，儲存庫可能"
				    "不完整 (history: missing parent commit)\n");
				goto out;
			}
			*PUSH(m->par, m->npar, m->cappar) = p;
		}
	}
	memcpy(m->head, head->id, 20);
	/* Diff the new non-merge commits in --date-order, so neighbours
	 * share trees. */
	rank = xmalloc((m->nc + 1) * sizeof(*rank));
	order = xmalloc((m->nc + 1) * sizeof(*order));
	k = model_rank(m, model_find(m, head->id), rank, order);
	items = xmalloc((nnew + 1) * sizeof(*items));
	for (i = 0; i < k; i++) {
		uint32_t ci = order[i];
		const struct hcommit *c = &m->c[ci];
		struct work *it;

		if (ci < first || c->nparent > 1)
			continue;
		it = &items[nwork++];
		memset(it, 0, sizeof(*it));
		it->commit = ci;
		it->tree = trees[ci - first];
		it->root = c->nparent == 0;
		if (!it->root) {
			uint32_t p = m->par[c->parent];

			if (p >= first)
				it->ptree = trees[p - first];
			else {
				git_commit *pc = NULL;
				git_oid pid;

				git_oid_fromraw(&pid, m->c[p].oid);
				if (git_commit_lookup(&pc, h->repo, &pid) < 0) {
					git_fail("cannot read commit");
					goto out;
				}
				git_oid_cpy(&it->ptree, git_commit_tree_id(pc));
				git_commit_free(pc);
			}
		}
	}
	t1 = now_ms();
	h->stats.walk_ms = t1 - t0;
	if (diff_all(h, items, nwork) < 0)
		goto out;
	h->stats.diff_ms = now_ms() - t1;
	/* Drop what is no longer reachable (rewritten history). */
	if (k != m->nc)
		model_prune(m, rank);
	rc = 0;
out:
	free(stack);
	free(ptmp);
	free(pstart);
	free(pcount);
	free(trees);
	free(items);
	free(rank);
	free(order);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Status, blobs, paths                                                */
/* ------------------------------------------------------------------ */

static int
cmp_hstatus(const void *a, const void *b)
{
	return strcmp(((const struct hstatus *)a)->path,
	    ((const struct hstatus *)b)->path);
}

static int
status_pass(struct history *h)
{
	git_status_options so;
	git_status_list *list = NULL;
	char *dir = NULL;
	size_t i, n, cap = 0;

	if (git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION) < 0)
		return -1;

	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	/*
	 * A file whose metadata differs from what the index recorded is
	 * read and hashed to know whether it changed: every file of a work
	 * tree copied with cp -a, rsync or tar, or restored from a CI
	 * cache (its inodes and ctimes are new), and libgit2, unlike git,
	 * does not write down what it found, so every build paid for it
	 * again (an edit rebuild of the 5,000-page corpus took 0.42-0.55 s
	 * instead of 0.2). As `git status` does, the index is refreshed;
	 * when it cannot be written (another git holds its lock) the
	 * status is read without.
	 */
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED |
	    GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
	    GIT_STATUS_OPT_EXCLUDE_SUBMODULES | GIT_STATUS_OPT_UPDATE_INDEX;
	/* one folder, taken literally (a glob pathspec was slower to match
	 * than the whole tree was to walk): 12-14 ms against 18 on the
	 * corpus's content/, less where the repository holds more */
	if (h->opt.status_dir != NULL &&
	    (dir = history_repo_path(h, h->opt.status_dir)) != NULL &&
	    dir[0] != '\0') {
		so.pathspec.strings = &dir;
		so.pathspec.count = 1;
		so.flags |= GIT_STATUS_OPT_DISABLE_PATHSPEC_MATCH;
	}
	if (git_status_list_new(&list, h->repo, &so) < 0) {
		git_error_clear();
		so.flags &= ~(unsigned)GIT_STATUS_OPT_UPDATE_INDEX;
		if (git_status_list_new(&list, h->repo, &so) < 0) {
			git_fail("cannot read the work tree status");
			free(dir);
			return -1;
		}
	}
	free(dir);
	n = git_status_list_entrycount(list);
	for (i = 0; i < n; i++) {
		const git_status_entry *e = git_status_byindex(list, i);
		const git_diff_delta *d = e->index_to_workdir ?
		    e->index_to_workdir : e->head_to_index;
		struct hstatus *s;

		if (d == NULL || e->status == GIT_STATUS_CURRENT ||
		    (e->status & GIT_STATUS_IGNORED))
			continue;
		s = PUSH(h->status, h->nstatus, cap);
		s->path = xstrdup(d->new_file.path ? d->new_file.path :
		    d->old_file.path);
		s->state = e->status == GIT_STATUS_WT_NEW ?
		    HISTORY_UNTRACKED : HISTORY_MODIFIED;
	}
	git_status_list_free(list);
	if (h->nstatus > 1)
		xqsort(h->status, h->nstatus, sizeof(*h->status), cmp_hstatus);
	return 0;
}

enum history_state
history_status(const struct history *h, const char *path)
{
	struct hstatus key, *s;

	if (h == NULL || h->nstatus == 0)
		return HISTORY_CLEAN;
	key.path = (char *)path;
	s = bsearch(&key, h->status, h->nstatus, sizeof(*h->status),
	    cmp_hstatus);
	return s ? s->state : HISTORY_CLEAN;
}

int
history_blob_at(const struct history *h, const char *commit_hex,
    const char *path, struct buf *out)
{
	pthread_mutex_t *lock = (pthread_mutex_t *)&h->lock;
	git_object *obj = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	git_oid id;
	size_t len = strlen(commit_hex);
	int rc = -1;

	if (h->repo == NULL || len < 4 || len > GIT_OID_HEXSZ)
		return -1;
	pthread_mutex_lock(lock);
	if (git_oid_fromstrn(&id, commit_hex, len) < 0 ||
	    git_object_lookup_prefix(&obj, h->repo, &id, len,
	    GIT_OBJECT_COMMIT) < 0 ||
	    git_commit_tree(&tree, (git_commit *)obj) < 0 ||
	    git_tree_entry_bypath(&te, tree, path) < 0 ||
	    git_tree_entry_type(te) != GIT_OBJECT_BLOB ||
	    git_blob_lookup(&blob, h->repo, git_tree_entry_id(te)) < 0)
		goto out;
	buf_append(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	rc = 0;
out:
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_object_free(obj);
	pthread_mutex_unlock(lock);
	return rc;
}

char *
history_repo_path(const struct history *h, const char *path)
{
	struct buf abs = BUF_INIT, rest = BUF_INIT;
	char *real = NULL, *res = NULL;
	size_t wl;

	if (h == NULL || h->workdir == NULL || path == NULL)
		return NULL;
	if (path[0] != '/') {
		char cwd[PATH_MAX];

		if (getcwd(cwd, sizeof(cwd)) == NULL)
			return NULL;
		buf_printf(&abs, "%s/", cwd);
	}
	buf_puts(&abs, path);
	/* Resolve the longest part that exists; keep the rest as written. */
	while ((real = realpath(buf_cstr(&abs), NULL)) == NULL) {
		char *slash = strrchr(buf_cstr(&abs), '/');
		struct buf t = BUF_INIT;

		if (slash == NULL || slash == abs.data)
			goto out;
		buf_puts(&t, slash);
		buf_append(&t, rest.data ? rest.data : "", rest.len);
		buf_reset(&rest);
		buf_append(&rest, t.data, t.len);
		buf_free(&t);
		buf_truncate(&abs, (size_t)(slash - abs.data));
	}
	buf_reset(&abs);
	buf_puts(&abs, real);
	buf_append(&abs, rest.data ? rest.data : "", rest.len);
	wl = strlen(h->workdir);
	if (strncmp(buf_cstr(&abs), h->workdir, wl) == 0) {
		/* fold "." and ".." left in the part that does not exist */
		const char *r = buf_cstr(&abs) + wl;
		struct buf norm = BUF_INIT;

		if (fs_resolve("", r, strlen(r), &norm) == 0)
			res = xstrdup(buf_cstr(&norm));
		buf_free(&norm);
	} else if (abs.len == wl - 1 &&
	    strncmp(buf_cstr(&abs), h->workdir, wl - 1) == 0)
		res = xstrdup("");
out:
	free(real);
	buf_free(&abs);
	buf_free(&rest);
	return res;
}

/* ------------------------------------------------------------------ */
/* Open and look up                                                    */
/* ------------------------------------------------------------------ */

static void
libgit2_setup(void)
{
	/* Reproducible: never read the user's, XDG or system config. */
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_PROGRAMDATA, "");
	/* We only read objects and never run anything a repository's config
	 * names, so a checkout owned by another user (CI containers) is as
	 * safe to read as our own; safe.directory lives in the global config
	 * we just switched off. */
	git_libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0);
	/* libgit2 re-hashes (SHA-1DC) every object it reads unless told not
	 * to; git log does not, and on big trees that hashing was most of the
	 * walk. Damage in the pack is still caught by zlib and delta checks. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
}

/* libgit2 is started once per process and never shut down: its start
 * has mbedTLS parse the system's CA bundle (about 140 certificates,
 * 6-8 ms), which a shutdown and a second start (the stamp's HEAD, then
 * the history) did twice. Its global tables stay reachable until exit. */
static pthread_once_t libgit2_once = PTHREAD_ONCE_INIT;
static int libgit2_ok;

static void
libgit2_start(void)
{
	if (git_libgit2_init() < 0)
		return;
	libgit2_setup();
	libgit2_ok = 1;
}

static int
libgit2_ready(void)
{
	pthread_once(&libgit2_once, libgit2_start);
	return libgit2_ok ? 0 : -1;
}

static int
debug_on(void)
{
	const char *d = getenv("GONGKAI_DEBUG");

	return d && strstr(d, "history") != NULL;
}

void
history_head_id(const char *dir, char id[41])
{
	git_repository *repo = NULL;
	git_oid head;

	id[0] = '\0';
	if (libgit2_ready() < 0)
		return;
	if (git_repository_open_ext(&repo, dir ? dir : ".", 0, NULL) == 0 &&
	    git_reference_name_to_id(&head, repo, "HEAD") == 0)
		git_oid_tostr(id, 41, &head);
	git_repository_free(repo);
}

int
history_open(const char *repo_dir, const char *cache_dir,
    const struct history_options *opt, struct history **out)
{
	struct history *h = xcalloc(1, sizeof(*h));
	struct buf cdir = BUF_INIT, cpath = BUF_INIT, file = BUF_INIT;
	struct shallow sh;
	git_oid head;
	double t0 = now_ms();
	int err, rc = -1, loaded = 0, use_cache = cache_dir != NULL;
	const char *why = NULL;

	memset(&sh, 0, sizeof(sh));
	*out = NULL;
	if (opt)
		h->opt = *opt;
	pthread_mutex_init(&h->lock, NULL);
	if (libgit2_ready() < 0) {
		git_fail("cannot initialise libgit2");
		goto out;
	}
	if (repo_dir == NULL)
		repo_dir = ".";
	err = git_repository_open_ext(&h->repo, repo_dir, 0, NULL);
	if (err == GIT_ENOTFOUND) {
		h->repo = NULL;
		if (h->opt.require_repo) {
			fprintf(stderr, "gongkai: 找不到 git 儲存庫 "
			    "(not a git repository): %s\n", repo_dir);
			goto out;
		}
		diag_warning(repo_dir, 0, 0, "找不到 git 儲存庫，頁面日期取自"
		    "前置資料 (no git repository: dates come from front matter)");
		rc = 0;
		goto out;
	}
	if (err < 0) {
		git_fail("cannot open repository");
		goto out;
	}
	if (!git_repository_is_bare(h->repo)) {
		char *r = realpath(git_repository_workdir(h->repo), NULL);

		if (r) {
			h->workdir = xmalloc(strlen(r) + 2);
			strcpy(h->workdir, r);
			if (strcmp(r, "/") != 0)
				strcat(h->workdir, "/");
			free(r);
		}
	}
	if (git_repository_is_shallow(h->repo) == 1) {
		struct buf sp = BUF_INIT;
		void (*report)(const char *, int, int, const char *, ...) =
		    h->opt.strict ? diag_error : diag_strict;

		buf_printf(&sp, "%sshallow", git_repository_commondir(h->repo));
		report(buf_cstr(&sp), 0, 0, "淺層複製 (shallow clone) 只有部分"
		    "歷史，頁面日期與修訂紀錄不完整；請取得完整歷史，例如在 "
		    "actions/checkout 設定 fetch-depth: 0 (shallow clone: "
		    "history is incomplete; fetch it all, e.g. fetch-depth: 0 "
		    "in actions/checkout)");
		buf_free(&sp);
	}
	shallow_read(h->repo, &sh);
	err = git_reference_name_to_id(&head, h->repo, "HEAD");
	if (err == GIT_EUNBORNBRANCH || err == GIT_ENOTFOUND) {
		rc = 0;		/* no commit yet: an empty history */
		goto out;
	}
	if (err < 0) {
		git_fail("cannot resolve HEAD");
		goto out;
	}
	/* The cache. */
	if (use_cache) {
		if (cache_dir[0] != '\0')
			buf_puts(&cdir, cache_dir);
		else if (h->workdir)
			buf_printf(&cdir, "%s.gongkai", h->workdir);
		else
			buf_printf(&cdir, "%sgongkai", git_repository_path(h->repo));
		buf_printf(&cpath, "%s/%s", buf_cstr(&cdir), CACHE_FILE);
		if (fs_read_file(buf_cstr(&cpath), &file) == 0) {
			if (cache_decode((const unsigned char *)file.data,
			    file.len, &h->m, &why, 1) < 0)
				diag_warning(buf_cstr(&cpath), 0, 0, "歷史快取損毀，"
				    "已捨棄並重新讀取 (damaged history cache "
				    "discarded: %s)", why);
			else if (h->m.shallow != sh.key)
				model_free(&h->m);	/* (un)shallowed since */
			else
				loaded = 1;
		}
		buf_free(&file);
	}
	h->m.shallow = sh.key;
	if (loaded && memcmp(h->m.head, head.id, 20) == 0) {
		h->stats.how = HISTORY_CACHED;
	} else {
		h->stats.how = loaded ? HISTORY_INCREMENTAL : HISTORY_FULL;
		if (walk(h, &head, &sh) < 0)
			goto out;
		if (use_cache && cache_write(buf_cstr(&cdir), &h->m) < 0)
			diag_warning(buf_cstr(&cpath), 0, 0, "無法寫入歷史快取 "
			    "(cannot write the history cache): %s",
			    strerror(errno));
	}
	history_finalize(h);
	if (h->opt.status && status_pass(h) < 0)
		goto out;
	h->opt.status_dir = NULL;	/* the caller's, read by now */
	rc = 0;
out:
	free(sh.oid);
	buf_free(&cdir);
	buf_free(&cpath);
	h->stats.ms = now_ms() - t0;
	if (rc == 0 && debug_on()) {
		static const char *how[] = { "none", "cache hit",
		    "incremental walk", "full walk" };

		fprintf(stderr, "gongkai: history: %s: %zu commits walked, "
		    "%zu commits, %zu paths, %zu entries, %.1f ms "
		    "(walk %.1f ms, diff %.1f ms)\n",
		    how[h->stats.how], h->stats.walked, h->stats.commits,
		    h->stats.paths, h->stats.entries, h->stats.ms,
		    h->stats.walk_ms, h->stats.diff_ms);
	}
	if (rc < 0) {
		history_free(h);
		return -1;
	}
	*out = h;
	return 0;
}

int
history_from_cache(const void *data, size_t len, int check_sum,
    const struct history_options *opt, struct history **out,
    const char **why)
{
	struct history *h = xcalloc(1, sizeof(*h));

	*out = NULL;
	if (opt)
		h->opt = *opt;
	pthread_mutex_init(&h->lock, NULL);
	if (cache_decode(data, len, &h->m, why, check_sum) < 0) {
		history_free(h);
		return -1;
	}
	h->stats.how = HISTORY_CACHED;
	history_finalize(h);
	*out = h;
	return 0;
}

void
history_free(struct history *h)
{
	size_t i;

	if (h == NULL)
		return;
	git_repository_free(h->repo);
	pthread_mutex_destroy(&h->lock);
	model_free(&h->m);
	free(h->workdir);
	free(h->rank);
	free(h->hex);
	free(h->paths);
	free(h->entries);
	free(h->eranks);
	free(h->fentries);
	for (i = 0; i < h->nstatus; i++)
		free(h->status[i].path);
	free(h->status);
	free(h);
}

void
history_release_repo(struct history *h)
{
	if (h == NULL || h->repo == NULL)
		return;
	pthread_mutex_lock(&h->lock);
	git_repository_free(h->repo);
	h->repo = NULL;
	h->released = 1;
	pthread_mutex_unlock(&h->lock);
}

int
history_has_repo(const struct history *h)
{
	return h && (h->repo != NULL || h->released);
}

const char *
history_workdir(const struct history *h)
{
	return h ? h->workdir : NULL;
}

const struct history_entry *
history_lookup(const struct history *h, const char *path, size_t *n)
{
	size_t i;

	*n = 0;
	if (h == NULL || (i = path_index(h, path)) == (size_t)-1)
		return NULL;
	if (h->paths[i].fe) {
		*n = h->paths[i].fn;
		return h->paths[i].fe;
	}
	*n = h->paths[i].n;
	return h->paths[i].n ? h->paths[i].e : NULL;
}

size_t
history_path_count(const struct history *h)
{
	return h ? h->npaths : 0;
}

const char *
history_path_at(const struct history *h, size_t i)
{
	return h && i < h->npaths ? h->paths[i].name : NULL;
}

void
history_get_stats(const struct history *h, struct history_stats *st)
{
	if (h)
		*st = h->stats;
	else
		memset(st, 0, sizeof(*st));
}
