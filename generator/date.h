#ifndef GONGKAI_DATE_H
#define GONGKAI_DATE_H
/*
 * date: calendar dates as written in front matter and shown on pages.
 *
 * Pages show ROC dates by default (民國 year = Gregorian - 1911, written
 * 104-01-05); metadata always uses Gregorian YYYY-MM-DD. No function here
 * reads the clock or the TZ environment variable.
 */
#include <stddef.h>

struct date {
	int	year, month, day;	/* year 0 means "no date" */
};

enum date_format {
	DATE_ROC,	/* 104-01-05 */
	DATE_ISO	/* 2015-01-05 */
};

/*
 * Parse "YYYY-MM-DD", optionally followed by a time ("T10:00:00+08:00" or
 * " 10:00"), which is ignored. Returns 0, or -1 for anything else or an
 * impossible date (2015-02-30).
 */
int	date_parse(const char *s, struct date *out);
int	date_valid(const struct date *d);
/* <0, 0, >0 like strcmp; a missing date sorts first. */
int	date_cmp(const struct date *a, const struct date *b);
/* Days since 1970-01-01 (civil, proleptic Gregorian). */
long	date_to_days(const struct date *d);
struct date date_from_days(long days);

/* Write into out (at least 16 bytes): Gregorian "2015-01-05". "" when the
 * date is missing. */
void	date_iso(const struct date *d, char *out, size_t n);
/* Display form: ROC "104-01-05" (years before 1912 fall back to ISO) or
 * ISO. */
void	date_display(const struct date *d, enum date_format f, char *out,
	    size_t n);
/* ROC long form "104年1月5日". */
void	date_roc_long(const struct date *d, char *out, size_t n);

#endif
