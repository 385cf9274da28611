#include "date.h"

#include <stdio.h>
#include <string.h>

static int
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
date_valid(const struct date *d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int md;

	if (d->year < 1 || d->year > 9999 || d->month < 1 || d->month > 12)
		return 0;
	md = mdays[d->month - 1] + (d->month == 2 && leap(d->year));
	return d->day >= 1 && d->day <= md;
}

int
date_parse(const char *s, struct date *out)
{
	struct date d;

	if (strlen(s) < 10 || s[4] != '-' || s[7] != '-' ||
	    digits(s, 4, &d.year) < 0 || digits(s + 5, 2, &d.month) < 0 ||
	    digits(s + 8, 2, &d.day) < 0)
		return -1;
	if (s[10] != '\0' && s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	if (!date_valid(&d))
		return -1;
	*out = d;
	return 0;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->month != b->month)
		return a->month < b->month ? -1 : 1;
	if (a->day != b->day)
		return a->day < b->day ? -1 : 1;
	return 0;
}

/* Howard Hinnant's days_from_civil. */
long
date_to_days(const struct date *d)
{
	long y = d->year - (d->month <= 2);
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long mp = (d->month + 9) % 12;
	long doy = (153 * mp + 2) / 5 + d->day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct date
date_from_days(long z)
{
	struct date d;
	long era, doe, yoe, doy, mp, y;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = (int)(y + (d.month <= 2));
	return d;
}

void
date_iso(const struct date *d, char *out, size_t n)
{
	if (d->year == 0)
		snprintf(out, n, "%s", "");
	else
		snprintf(out, n, "%04d-%02d-%02d", d->year, d->month, d->day);
}

void
date_display(const struct date *d, enum date_format f, char *out, size_t n)
{
	if (d->year == 0 || f == DATE_ISO || d->year < 1912)
		date_iso(d, out, n);
	else
		snprintf(out, n, "%d-%02d-%02d", d->year - 1911, d->month,
		    d->day);
}

void
date_roc_long(const struct date *d, char *out, size_t n)
{
	if (d->year < 1912)
		date_iso(d, out, n);
	else
		snprintf(out, n, "%d年%d月%d日", d->year - 1911, d->month,
		    d->day);
}
