/*
 * json: jansson behind struct value. jansson parses (its errors carry line
 * and column); dumping is ours, so numbers print the same way templates
 * print them and keys keep the order of the value tree.
 */
#include "json.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"

/* json_dump_value stops here: a value tree built by hand could loop. */
#define DUMP_MAX_DEPTH	1000

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

static struct value *
convert(struct arena *a, json_t *j)
{
	struct value *v;
	const char *key;
	json_t *item;
	size_t i;

	switch (json_typeof(j)) {
	case JSON_OBJECT:
		v = value_map(a);
		json_object_foreach(j, key, item)
			value_map_set(a, v, arena_strdup(a, key), convert(a, item));
		return v;
	case JSON_ARRAY:
		v = value_list(a);
		json_array_foreach(j, i, item)
			value_list_push(a, v, convert(a, item));
		return v;
	case JSON_STRING:
		return value_stringn(a, json_string_value(j), json_string_length(j));
	case JSON_INTEGER:
		return value_number(a, (double)json_integer_value(j));
	case JSON_REAL:
		return value_number(a, json_real_value(j));
	case JSON_TRUE:
		return value_bool(a, 1);
	case JSON_FALSE:
		return value_bool(a, 0);
	case JSON_NULL:
	default:
		return value_null(a);
	}
}

/* Integers as doubles: values are doubles anyway, and jansson would reject
 * integers beyond long long instead of rounding them. */
#define PARSE_FLAGS	(JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL)

struct value *
json_parse_value(struct arena *a, const char *text, size_t len,
    const char *path_for_diag)
{
	json_error_t err;
	json_t *j;
	struct value *v;

	if ((j = json_loadb(text, len, PARSE_FLAGS, &err)) == NULL) {
		diag_error(path_for_diag ? path_for_diag : "<json>", err.line,
		    err.column, "JSON 格式錯誤 (invalid JSON): %s", err.text);
		return NULL;
	}
	v = convert(a, j);
	json_decref(j);
	return v;
}

struct value *
json_load_value(struct arena *a, const char *path)
{
	json_error_t err;
	json_t *j;
	struct value *v;

	if ((j = json_load_file(path, PARSE_FLAGS, &err)) == NULL) {
		/* jansson reports an unreadable file at line -1 */
		if (err.line < 0)
			diag_error(path, 0, 0, "無法讀取 JSON 檔案 (cannot read "
			    "JSON file): %s", err.text);
		else
			diag_error(path, err.line, err.column,
			    "JSON 格式錯誤 (invalid JSON): %s", err.text);
		return NULL;
	}
	v = convert(a, j);
	json_decref(j);
	return v;
}

/* ------------------------------------------------------------------ */
/* Writing                                                             */

char *
json_format_number(double d, char *buf, size_t size)
{
	int prec;

	if (!isfinite(d)) {
		snprintf(buf, size, "null");
		return buf;
	}
	/* the range check first keeps the cast defined (and libm out) */
	if (d > -1e17 && d < 1e17 && d == (double)(long long)d) {
		/* -0 is 0 to a reader; print it so */
		snprintf(buf, size, "%.0f", d == 0 ? 0.0 : d);
		return buf;
	}
	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, size, "%.*g", prec, d);
		if (strtod(buf, NULL) == d)
			return buf;
	}
	snprintf(buf, size, "%.17g", d);
	return buf;
}

static void
dump_string(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;
	unsigned char c;

	buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(out, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			buf_puts(out, "\\u00");
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
	buf_append(out, s + start, n - start);
	buf_putc(out, '"');
}

static int
dump(const struct value *v, struct buf *out, int depth)
{
	char num[JSON_NUMBER_MAX];
	size_t i;
	int rc = 0;

	if (depth > DUMP_MAX_DEPTH) {
		buf_puts(out, "null");
		return -1;
	}
	if (v == NULL) {
		buf_puts(out, "null");
		return 0;
	}
	switch (v->kind) {
	case VALUE_NULL:
		buf_puts(out, "null");
		break;
	case VALUE_BOOL:
		buf_puts(out, v->boolean ? "true" : "false");
		break;
	case VALUE_NUMBER:
		buf_puts(out, json_format_number(v->number, num, sizeof(num)));
		if (!isfinite(v->number))
			rc = -1;
		break;
	case VALUE_STRING:
		dump_string(out, v->str, v->len);
		break;
	case VALUE_LIST:
		buf_putc(out, '[');
		for (i = 0; i < v->len; i++) {
			if (i)
				buf_putc(out, ',');
			if (dump(v->items[i], out, depth + 1) < 0)
				rc = -1;
		}
		buf_putc(out, ']');
		break;
	case VALUE_MAP:
		buf_putc(out, '{');
		for (i = 0; i < v->len; i++) {
			if (i)
				buf_putc(out, ',');
			dump_string(out, v->pairs[i].key, strlen(v->pairs[i].key));
			buf_putc(out, ':');
			if (dump(v->pairs[i].val, out, depth + 1) < 0)
				rc = -1;
		}
		buf_putc(out, '}');
		break;
	}
	return rc;
}

int
json_dump_value(const struct value *v, struct buf *out)
{
	return dump(v, out, 0);
}

/* ------------------------------------------------------------------ */
/* JSON inside an HTML <script> element                                */

static json_t *
to_jansson(const struct value *v, int depth)
{
	json_t *j;
	size_t i;

	if (v == NULL || depth > DUMP_MAX_DEPTH)
		return json_null();
	switch (v->kind) {
	case VALUE_BOOL:
		return json_boolean(v->boolean);
	case VALUE_NUMBER:
		if (!isfinite(v->number))
			return json_null();
		if (v->number > -1e17 && v->number < 1e17 &&
		    v->number == (double)(long long)v->number)
			return json_integer((json_int_t)v->number);
		return json_real(v->number);
	case VALUE_STRING:
		return json_stringn_nocheck(v->str, v->len);
	case VALUE_LIST:
		j = json_array();
		for (i = 0; i < v->len; i++)
			json_array_append_new(j, to_jansson(v->items[i],
			    depth + 1));
		return j;
	case VALUE_MAP:
		j = json_object();
		for (i = 0; i < v->len; i++)
			json_object_set_new_nocheck(j, v->pairs[i].key,
			    to_jansson(v->pairs[i].val, depth + 1));
		return j;
	case VALUE_NULL:
	default:
		return json_null();
	}
}

int
json_dump_script(const struct value *v, struct buf *out)
{
	json_t *j = to_jansson(v, 0);
	char *s;
	const char *p;
	size_t n;

	/* JSON_ESCAPE_SLASH writes "</" as "<\/" */
	s = json_dumps(j, JSON_COMPACT | JSON_ESCAPE_SLASH |
	    JSON_PRESERVE_ORDER);
	json_decref(j);
	if (s == NULL)
		return -1;
	/* '<', '>' and '&' only occur inside strings: as \u escapes no
	 * "</script" or "<!--" can end or confuse the script element */
	for (p = s; ; p++) {
		n = strcspn(p, "<>&");	/* the FAQ index's is megabytes */
		buf_append(out, p, n);
		p += n;
		if (*p == '\0')
			break;
		buf_puts(out, *p == '<' ? "\\u003c" : *p == '>' ? "\\u003e" :
		    "\\u0026");
	}
	free(s);
	return 0;
}
