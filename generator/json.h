#ifndef GONGKAI_JSON_H
#define GONGKAI_JSON_H
/*
 * json: JSON text to and from struct value. The only module that includes
 * <jansson.h>.
 *
 * Parsing accepts any JSON value at the top level, keeps object keys in
 * document order (a repeated key keeps the last value), allows \u0000 in
 * strings and reads every number as a double. Errors are reported with
 * diag_error at jansson's line and column (columns count characters).
 */
#include <stddef.h>

#include "arena.h"
#include "buf.h"
#include "value.h"

/* Parse the file at path into a tree allocated in a. NULL after
 * reporting an error (unreadable file or invalid JSON). */
struct value	*json_load_value(struct arena *a, const char *path);
/* Parse text[0..len); path_for_diag names it in diagnostics (may be
 * NULL). NULL after reporting an error. */
struct value	*json_parse_value(struct arena *a, const char *text, size_t len,
		    const char *path_for_diag);

/* Append v as compact JSON: no spaces, object keys in insertion order,
 * UTF-8 written as is (only " \ and control characters are escaped).
 * Returns 0, or -1 when v holds a number that is not finite (written as
 * null) or is nested deeper than 1000 levels (cut off). */
int		 json_dump_value(const struct value *v, struct buf *out);

/* Append v as JSON for the inside of an HTML <script> element (JSON-LD):
 * written by jansson (compact, keys in order, "/" escaped), then every
 * '<', '>' and '&' as a \u escape, so the text can never close the
 * element or open a comment. Returns 0, or -1 when jansson fails. */
int		 json_dump_script(const struct value *v, struct buf *out);

/* Enough for any double json_format_number writes, with the NUL. */
#define JSON_NUMBER_MAX	32

/* Write d as JSON spells it into buf (size >= JSON_NUMBER_MAX) and return
 * buf: an integral value below 1e17 in magnitude without a fraction
 * ("85"), anything else as the shortest %g form that reads back as the
 * same double ("1.21", "1e+300"); "null" when d is not finite. Does not
 * depend on the locale's decimal point as long as LC_NUMERIC is "C"
 * (main sets it). */
char		*json_format_number(double d, char *buf, size_t size);

#endif
