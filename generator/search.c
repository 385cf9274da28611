/* search: build-time search index; see search.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "classify.h"
#include "date.h"
#include "fs.h"
#include "markdown.h"
#include "pool.h"
#include "search.h"
#include "site.h"
#include "util.h"

/*
 * A token as the index holds it: a CJK character or bigram as its code
 * points (no bytes to hash or compare: most tokens are these), a word or
 * filter as a hash of its bytes and the bytes. 0 is no token.
 */
#define KEY_CHAR	(1ull << 62)
#define KEY_PAIR	(2ull << 62)
#define KEY_STR		(3ull << 62)
#define KEY_TAG		(3ull << 62)

#define NO_CHUNK	((1u << 30) - 1)

/* A token of one page: its strongest field and the chunk of its first
 * body occurrence (NO_CHUNK: none). */
struct pentry {
	uint64_t	 key;
	const char	*s;		/* KEY_STR: the bytes (the page's arena) */
	uint32_t	 n;		/* their length */
	uint32_t	 chunk : 30;
	uint32_t	 field : 2;	/* 1 body, 2 heading, 3 title */
};

/* One page's tokens, an open-addressed table, and the slots in use (in
 * the order taken: merged from there, and emptied one by one). */
struct pindex {
	struct arena	  mem;		/* the KEY_STR bytes */
	struct pentry	 *tab;
	uint32_t	 *used;		/* [n] */
	size_t		  cap, n;
	unsigned char	  field;
	int		  body;		/* tokens of the page text: offsets
					 * give their chunk */
};

/*
 * A token of the site index and its postings, in document order, as
 * varints: ((doc - previous doc) * 4 + field) * 2 + (a chunk follows),
 * then the chunk when it is > 0. The corpus's index holds 1.5 million
 * postings in 1.6 MB (2.6 MB with room to grow), where 8-byte structs
 * and their arrays' room took 15 MB.
 */
struct entry {
	uint64_t	 key;
	const char	*s;		/* KEY_STR: the bytes (the index arena) */
	uint32_t	 slen;
	uint32_t	 n;		/* postings */
	uint32_t	 last;		/* the last posting's document */
	uint32_t	 len, cap;	/* bytes of p */
	unsigned char	*p;
	char		*tok;		/* the token's text, made for writing */
	uint32_t	 shard;		/* search_hash(tok) % shards */
	int		 touched;	/* search_update: a changed page has it */
};

/* A part of the site index (the tokens whose hash falls in it). */
struct index {
	struct arena	  mem;		/* the entries and their KEY_STR bytes */
	struct entry	**tab;
	size_t		  cap, n;
};

uint32_t
search_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

/* Decode one UTF-8 code point; returns its length (1 on bad input). */
static size_t
utf8_dec(const unsigned char *s, size_t n, uint32_t *cp)
{
	if (s[0] < 0x80 || n < 2) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xe0) == 0xc0) {
		*cp = ((uint32_t)(s[0] & 0x1f) << 6) | (s[1] & 0x3f);
		return 2;
	}
	if ((s[0] & 0xf0) == 0xe0 && n >= 3) {
		*cp = ((uint32_t)(s[0] & 0x0f) << 12) |
		    ((uint32_t)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
		return 3;
	}
	if ((s[0] & 0xf8) == 0xf0 && n >= 4) {
		*cp = ((uint32_t)(s[0] & 0x07) << 18) |
		    ((uint32_t)(s[1] & 0x3f) << 12) |
		    ((uint32_t)(s[2] & 0x3f) << 6) | (s[3] & 0x3f);
		return 4;
	}
	*cp = s[0];
	return 1;
}

static size_t
utf8_enc(uint32_t cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static uint32_t
fold(uint32_t c)
{
	if (c >= 0xff01 && c <= 0xff5e)
		c -= 0xfee0;
	else if (c == 0x3000)
		c = ' ';
	if (c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	return c;
}

static int
is_cjk(uint32_t c)
{
	return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0x20000 && c <= 0x2ffff);
}

static int
is_word(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* The key of a word or filter: its bytes' hash64, tagged. */
static uint64_t
str_key(const char *s, size_t n)
{
	return (hash64(s, n) & ~KEY_TAG) | KEY_STR;
}

typedef void (*key_fn)(void *arg, uint64_t key, const char *s, size_t n,
    size_t off);

/* The tokens of text as keys (s, n: a word's bytes, else NULL, 0), with
 * the byte offset where each starts (a bigram: its first character). */
static void
tokenize(const char *text, size_t len, key_fn fn, void *arg)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0, wn = 0, at, wat = 0, pat = 0;
	uint32_t c, prev = 0;
	char word[64];

	while (i <= len) {
		c = 0;
		at = i;
		if (i < len)
			i += utf8_dec(s + i, len - i, &c);
		else
			i++;
		c = fold(c);
		if (is_word(c)) {
			if (wn == 0)
				wat = at;
			if (wn < sizeof(word) - 4)
				word[wn++] = (char)c;
			prev = 0;
			continue;
		}
		if (wn > 0) {
			word[wn] = '\0';
			fn(arg, str_key(word, wn), word, wn, wat);
			wn = 0;
		}
		if (is_cjk(c)) {
			fn(arg, KEY_CHAR | c, NULL, 0, at);
			if (prev != 0)
				fn(arg, KEY_PAIR | ((uint64_t)prev << 21) | c, NULL,
				    0, pat);
			prev = c;
			pat = at;
		} else
			prev = 0;
	}
}

/* A key's text into t (at least 16 bytes; a word: s itself); its length. */
static size_t
key_text(uint64_t key, const char *s, size_t n, char *t, const char **out)
{
	size_t k;

	switch (key & KEY_TAG) {
	case KEY_CHAR:
		k = utf8_enc((uint32_t)(key & 0x1fffff), t);
		break;
	case KEY_PAIR:
		k = utf8_enc((uint32_t)((key >> 21) & 0x1fffff), t);
		k += utf8_enc((uint32_t)(key & 0x1fffff), t + k);
		break;
	default:
		*out = s;
		return n;
	}
	t[k] = '\0';
	*out = t;
	return k;
}

struct tokens_arg {
	void	(*fn)(void *arg, const char *tok, size_t n, size_t off);
	void	 *arg;
};

static void
tokens_text(void *arg, uint64_t key, const char *s, size_t n, size_t off)
{
	struct tokens_arg *ta = arg;
	const char *tok;
	char t[16];

	n = key_text(key, s, n, t, &tok);
	ta->fn(ta->arg, tok, n, off);
}

void
search_tokens_at(const char *text, size_t len,
    void (*fn)(void *arg, const char *tok, size_t n, size_t off), void *arg)
{
	struct tokens_arg ta = { fn, arg };

	tokenize(text, len, tokens_text, &ta);
}

struct tokens_noff {
	void	(*fn)(void *arg, const char *tok, size_t n);
	void	 *arg;
};

static void
tokens_drop_offset(void *arg, const char *tok, size_t n, size_t off)
{
	struct tokens_noff *ta = arg;

	(void)off;
	ta->fn(ta->arg, tok, n);
}

void
search_tokens(const char *text, size_t len,
    void (*fn)(void *arg, const char *tok, size_t n), void *arg)
{
	struct tokens_noff ta = { fn, arg };

	search_tokens_at(text, len, tokens_drop_offset, &ta);
}

/* Where a key's slots start, and which part of the index it is in. */
static uint64_t
key_hash(uint64_t key)
{
	return (key ^ (key >> 31)) * 0x9e3779b97f4a7c15ull;
}

/* First byte at or after off that starts a character. */
static size_t
char_start(const char *text, size_t len, size_t off)
{
	while (off < len && ((unsigned char)text[off] & 0xc0) == 0x80)
		off++;
	return off < len ? off : len;
}

size_t
search_nchunks(size_t len)
{
	return (len + SEARCH_CHUNK - 1) / SEARCH_CHUNK;
}

void
search_chunk_span(const char *text, size_t len, size_t c, size_t *from,
    size_t *to)
{
	size_t b = c * SEARCH_CHUNK, e = (c + 1) * SEARCH_CHUNK;

	b = b > SEARCH_CHUNK_BEFORE ? b - SEARCH_CHUNK_BEFORE : 0;
	e += SEARCH_CHUNK_AFTER;
	*from = c == 0 ? 0 : char_start(text, len, b);
	*to = e >= len ? len : char_start(text, len, e);
}

static int
key_eq(uint64_t k1, const char *s1, size_t n1, uint64_t k2, const char *s2,
    size_t n2)
{
	return k1 == k2 && ((k1 & KEY_TAG) != KEY_STR ||
	    (n1 == n2 && memcmp(s1, s2, n1) == 0));
}

static void
pgrow(struct pindex *ix)
{
	size_t ncap = ix->cap ? ix->cap * 2 : 1024, i, j;
	struct pentry *nt = xcalloc(ncap, sizeof(*nt));

	for (i = 0; i < ix->n; i++) {
		const struct pentry *e = &ix->tab[ix->used[i]];

		for (j = key_hash(e->key) & (ncap - 1); nt[j].key != 0;
		    j = (j + 1) & (ncap - 1))
			;
		nt[j] = *e;
		ix->used[i] = (uint32_t)j;
	}
	free(ix->tab);
	ix->tab = nt;
	ix->cap = ncap;
	ix->used = xrealloc(ix->used, ncap / 2 * sizeof(*ix->used));
}

/* Empty the page's index for the next page, keeping its memory. */
static void
pclear(struct pindex *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		ix->tab[ix->used[i]].key = 0;
	ix->n = 0;
	arena_reset(&ix->mem);
}

/* A token of the page: its strongest field, its first body chunk. */
static void
add_key(void *arg, uint64_t key, const char *s, size_t n, size_t off)
{
	struct pindex *ix = arg;
	uint32_t chunk = ix->body && off / SEARCH_CHUNK < NO_CHUNK ?
	    (uint32_t)(off / SEARCH_CHUNK) : NO_CHUNK;
	struct pentry *e;
	size_t j;

	if (ix->n * 2 >= ix->cap)
		pgrow(ix);
	for (j = key_hash(key) & (ix->cap - 1); ix->tab[j].key != 0;
	    j = (j + 1) & (ix->cap - 1))
		if (key_eq(ix->tab[j].key, ix->tab[j].s, ix->tab[j].n, key, s, n))
			break;
	e = &ix->tab[j];
	if (e->key == 0) {
		e->key = key;
		if ((key & KEY_TAG) == KEY_STR) {
			e->s = arena_strndup(&ix->mem, s, n);
			e->n = (uint32_t)n;
		}
		e->field = ix->field;
		e->chunk = chunk;
		ix->used[ix->n++] = (uint32_t)j;
		return;
	}
	if (e->field < ix->field)
		e->field = ix->field;
	if (e->chunk == NO_CHUNK)
		e->chunk = chunk;
}

/* text's tokens into the page, none of them in a chunk */
static void
add_text(struct pindex *ix, const char *text)
{
	tokenize(text, strlen(text), add_key, ix);
}

/* a filter ("kind:sop"), as one token */
static void
add_str(struct pindex *ix, const char *tok)
{
	add_key(ix, str_key(tok, strlen(tok)), tok, strlen(tok), 0);
}

/* Plain text of rendered HTML: tags dropped, a few entities decoded. */
static void
html_text(struct buf *o, const char *h)
{
	static const struct { const char *e, *c; } ents[] = {
		{ "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" },
		{ "&quot;", "\"" }, { "&#39;", "'" }, { "&nbsp;", " " },
	};
	size_t k;
	int space = 1;

	while (h != NULL && *h != '\0') {
		if (*h == '<') {
			while (*h != '\0' && *h != '>')
				h++;
			if (*h == '>')
				h++;
			if (!space)
				buf_putc(o, ' ');
			space = 1;
			continue;
		}
		if (*h == '&') {
			for (k = 0; k < NELEM(ents); k++)
				if (strncmp(h, ents[k].e, strlen(ents[k].e)) == 0)
					break;
			if (k < NELEM(ents)) {
				buf_puts(o, ents[k].c);
				h += strlen(ents[k].e);
				space = 0;
				continue;
			}
		}
		if (*h == '\n' || *h == '\t' || *h == '\r' || *h == ' ') {
			if (!space)
				buf_putc(o, ' ');
			space = 1;
			h++;
			continue;
		}
		buf_putc(o, *h++);
		space = 0;
	}
	while (o->len > 0 && o->data[o->len - 1] == ' ')
		o->data[--o->len] = '\0';
}

static void
json_str(struct buf *o, const char *s, size_t n)
{
	size_t i;

	buf_putc(o, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"' || c == '\\')
			buf_printf(o, "\\%c", c);
		else if (c == '<')
			buf_puts(o, "\\u003c");
		else if (c < 0x20)
			buf_printf(o, "\\u%04x", c);
		else if (c == 0xe2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xa8 || (unsigned char)s[i + 2] == 0xa9)) {
			/* U+2028, U+2029 end a string literal in older engines */
			buf_printf(o, "\\u%04x", 0x2000 | ((unsigned char)s[i + 2] & 0x3f));
			i += 2;
		} else
			buf_putc(o, (char)c);
	}
	buf_putc(o, '"');
}

static int
indexed(const struct page *p)
{
	/* a section's list on its pages 2, 3, …: their entries are found
	 * on their own pages */
	return p->type == PAGE_REGULAR || (p->type == PAGE_SECTION &&
	    p->pager_num <= 1) || p->type == PAGE_HOME;
}

static int
cmp_entry(const void *a, const void *b)
{
	const struct entry *x = *(struct entry *const *)a;
	const struct entry *y = *(struct entry *const *)b;

	if (x->shard != y->shard)
		return x->shard < y->shard ? -1 : 1;
	return strcmp(x->tok, y->tok);
}

/* The first chars characters of s (at most n bytes). */
static size_t
clip(const char *s, size_t n, size_t chars)
{
	size_t i = 0;

	while (i < n && chars > 0) {
		i++;
		while (i < n && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		chars--;
	}
	return i;
}

static const char *
kind_key(const struct page *p)
{
	static const char *keys[NPAGE_KINDS] = {
		"page", "plan", "report", "faq", "sop", "news"
	};

	return p->type == PAGE_REGULAR ? keys[p->kind] : "page";
}

/* text: the page's plain text (html_text). */
static void
index_page(struct pindex *ix, const struct page *p, const struct buf *text)
{
	static const char *names[NSCHEMES] = { "theme", "cake", "service" };
	const struct strlist *l[NSCHEMES] = { &p->theme, &p->cake, &p->service };
	char tok[128];
	size_t j, k;

	ix->field = 3;
	add_text(ix, p->title);
	ix->field = 2;
	for (j = 0; j < p->nheadings; j++)
		add_text(ix, p->headings[j].text);
	ix->field = 1;
	ix->body = 1;
	if (text->len > 0)
		tokenize(text->data, text->len, add_key, ix);
	ix->body = 0;
	if (p->summary != NULL && p->summary[0] != '\0')
		add_text(ix, p->summary);
	/* the filters, as tokens no query makes: "kind:sop", "theme:610" */
	ix->field = 1;
	snprintf(tok, sizeof(tok), "kind:%s", kind_key(p));
	add_str(ix, tok);
	for (k = 0; k < NSCHEMES; k++)
		for (j = 0; j < l[k]->n; j++) {
			snprintf(tok, sizeof(tok), "%s:%s", names[k], l[k]->v[j]);
			add_str(ix, tok);
		}
	/* the kind, as the key ("sop") and as named ("標準作業程序") */
	ix->field = 2;
	add_text(ix, kind_key(p));
	add_text(ix, page_kind_label(p));
}

static void
put36(struct buf *b, unsigned long v)
{
	char t[16];
	int m = 0;

	do {
		t[m++] = "0123456789abcdefghijklmnopqrstuvwxyz"[v % 36];
		v /= 36;
	} while (v > 0);
	while (m > 0)
		buf_putc(b, t[--m]);
}

/* A bundle's files as they are built: the pages' first chunks and
 * metadata (search/d/G.js), and each further chunk (search/d/G-C.js). */
struct bundle {
	struct buf	 docs;
	struct buf	*chunk;		/* [c] for c >= 1; empty: no page has c */
	size_t		 nchunk;	/* chunk[] allocated */
	size_t		 maxc;		/* chunks in use: 1 .. maxc - 1 */
};

/*
 * Page i into the bundle: its URL, title, kind, date (as the site shows
 * it, and ISO), summary, chunk count and first chunk of text into docs;
 * chunk C (>= 1) into chunk[C]. A bundle is SEARCH_GROUP pages, so a
 * result costs the browser a few KB whatever the page's length and the
 * site is a few files per SEARCH_GROUP pages.
 */
static void
bundle_page(const struct site *s, const struct page *p, size_t i,
    const struct buf *text, struct bundle *bd)
{
	struct date up = page_updated(p);
	const char *sum = page_summary(p);
	char d[32], iso[32];
	size_t c, nc, from, to;
	struct buf *o = &bd->docs;

	nc = search_nchunks(text->len);
	d[0] = iso[0] = '\0';
	if (up.year != 0) {
		date_iso(&up, iso, sizeof(iso));
		date_display(&up, s->cfg != NULL ? s->cfg->date_format :
		    DATE_ISO, d, sizeof(d));
	}
	if (sum == NULL || sum[0] == '\0')
		sum = text->data != NULL ? text->data : "";

	if (o->len == 0)
		buf_printf(o, "window.gongkaiSearch.docs(%zu,[[", i);
	else
		buf_puts(o, ",\n[");
	json_str(o, p->url, strlen(p->url));
	buf_putc(o, ',');
	json_str(o, p->title, strlen(p->title));
	buf_putc(o, ',');
	json_str(o, page_kind_label(p), strlen(page_kind_label(p)));
	buf_putc(o, ',');
	json_str(o, d, strlen(d));
	buf_putc(o, ',');
	json_str(o, iso, strlen(iso));
	buf_putc(o, ',');
	json_str(o, sum, clip(sum, strlen(sum), SEARCH_SUMMARY_CHARS));
	buf_printf(o, ",%zu,", nc);
	search_chunk_span(text->data, text->len, 0, &from, &to);
	json_str(o, text->data != NULL ? text->data : "", to);
	buf_putc(o, ']');

	if (nc > bd->nchunk) {
		bd->chunk = xrealloc(bd->chunk, nc * sizeof(*bd->chunk));
		for (c = bd->nchunk; c < nc; c++)
			memset(&bd->chunk[c], 0, sizeof(bd->chunk[c]));
		bd->nchunk = nc;
	}
	if (nc > bd->maxc)
		bd->maxc = nc;
	for (c = 1; c < nc; c++) {
		o = &bd->chunk[c];
		search_chunk_span(text->data, text->len, c, &from, &to);
		if (o->len == 0)
			buf_printf(o, "window.gongkaiSearch.text(%zu,{", c);
		else
			buf_puts(o, ",\n");
		buf_printf(o, "\"%zu\":", i);
		json_str(o, text->data + from, to - from);
	}
}

/* A file of the index as the last build wrote it: its bytes' hash64 and,
 * for a bundle's file, its chunk (0: search/d/G.js). */
struct sfile {
	uint32_t	 c;
	uint64_t	 hash;
};

struct sgroup {
	struct sfile	*f;
	uint32_t	 n;
};

/*
 * The index as the last build left it (search.h): the documents (URL and
 * digest), every token with its postings and shard, and the hash of each
 * file written. Saved in SITE/.gongkai/search.cache:
 *
 *   gongkai-search-cache 1 BINARY-STAMP\nout OUTPUT-FOLDER\n
 *   u64 hash64 of all that follows
 *   u64 documents, then each: u64 digest, u32 length, the URL
 *   u64 shards, then each file's u64 hash
 *   u64 bundles, then each: u32 files, then each: u32 chunk, u64 hash
 *   u64 tokens, then each: u64 key, u32 shard, u32 postings,
 *       u32 length and the word's bytes, u32 length and the postings
 *
 * in this machine's byte order (the file is tied to the binary).
 */
struct search_state {
	char		*site_dir, *out_dir;
	int		 valid;		/* an index to start from */
	size_t		 ndocs;
	char		**url;
	uint64_t	*digest;
	struct index	*parts;		/* the tokens */
	size_t		 nparts;
	size_t		 nsh;
	uint64_t	*shard_hash;	/* [nsh] */
	size_t		 ngroups;
	struct sgroup	*group;		/* [ngroups] */
};

/* Write bundle g's files and empty it for the next; their hashes into
 * sg (NULL: not kept). Only the files whose chunk is set in only (NULL:
 * all) are written. */
static void
bundle_put(struct bundle *bd, size_t g, search_put_fn put, void *arg,
    struct sgroup *sg, const struct sgroup *only)
{
	char rel[64];
	size_t c, k;

	buf_puts(&bd->docs, "]);\n");
	if (sg != NULL) {
		free(sg->f);
		sg->f = xcalloc(bd->maxc + 1, sizeof(*sg->f));
		sg->n = 0;
	}
	for (c = 0; c < (bd->maxc > 0 ? bd->maxc : 1); c++) {
		struct buf *b = c == 0 ? &bd->docs : &bd->chunk[c];
		int wanted = only == NULL;

		if (b->len == 0)
			continue;
		if (c > 0)
			buf_puts(b, "});\n");
		if (c == 0)
			snprintf(rel, sizeof(rel), "search/d/%zu.js", g);
		else
			snprintf(rel, sizeof(rel), "search/d/%zu-%zu.js", g, c);
		for (k = 0; only != NULL && k < only->n; k++)
			wanted |= only->f[k].c == c;
		if (wanted)
			put(arg, rel, b->data, b->len);
		if (sg != NULL) {
			sg->f[sg->n].c = (uint32_t)c;
			sg->f[sg->n].hash = hash64(b->data, b->len);
			sg->n++;
		}
		buf_reset(b);
	}
	bd->maxc = 0;
}

static void
bundle_free(struct bundle *bd)
{
	size_t c;

	buf_free(&bd->docs);
	for (c = 0; c < bd->nchunk; c++)
		buf_free(&bd->chunk[c]);
	free(bd->chunk);
}

/* Pages indexed between merges: bounds the memory of the page indexes.
 * Whole bundles, so that a bundle is written by one worker. */
#define SEARCH_BATCH	64
#if SEARCH_BATCH % SEARCH_GROUP != 0
#error "SEARCH_BATCH must be a multiple of SEARCH_GROUP"
#endif

struct index_job {
	const struct site	 *s;
	const struct page	**pg;
	search_put_fn		  put;
	void			 *arg;
	size_t			  first, n;	/* the batch */
	struct pindex		 *local;	/* one per page of the batch */
	struct buf		 *text;		/* one per worker */
	struct bundle		 *bundle;	/* one per worker */
	struct index		 *parts;	/* the index, by token hash */
	size_t			  nparts;
	struct search_state	 *st;		/* NULL: nothing kept */
};

/* One bundle of the batch: each page's text and its own index, then the
 * bundle's files. */
static void
index_bundle(void *ctx, size_t g, int worker)
{
	struct index_job *j = ctx;
	struct buf *text = &j->text[worker];
	struct bundle *bd = &j->bundle[worker];
	size_t i, doc;

	for (i = g * SEARCH_GROUP; i < j->n && i < (g + 1) * SEARCH_GROUP;
	    i++) {
		doc = j->first + i;
		buf_reset(text);
		html_text(text, j->pg[doc]->html);
		index_page(&j->local[i], j->pg[doc], text);
		bundle_page(j->s, j->pg[doc], doc, text, bd);
	}
	g = (j->first + g * SEARCH_GROUP) / SEARCH_GROUP;
	bundle_put(bd, g, j->put, j->arg, j->st != NULL ? &j->st->group[g] :
	    NULL, NULL);
}

/* The part of the index a token belongs to: high bits, so that the
 * slots (low bits) of each part stay evenly used. */
static size_t
part_of(uint64_t hash, size_t nparts)
{
	return (size_t)(hash >> 40) % nparts;
}

static void
grow(struct index *ix)
{
	size_t ncap = ix->cap ? ix->cap * 2 : 512, i, j;
	struct entry **nt = xcalloc(ncap, sizeof(*nt));

	for (i = 0; i < ix->cap; i++) {
		if (ix->tab[i] == NULL)
			continue;
		for (j = key_hash(ix->tab[i]->key) & (ncap - 1); nt[j] != NULL;
		    j = (j + 1) & (ncap - 1))
			;
		nt[j] = ix->tab[i];
	}
	free(ix->tab);
	ix->tab = nt;
	ix->cap = ncap;
}

static void
put_varint(struct entry *e, uint64_t v)
{
	if (e->cap - e->len < 10) {
		e->cap = e->cap ? e->cap * 2 : 16;
		e->p = xrealloc(e->p, e->cap);
	}
	while (v >= 0x80) {
		e->p[e->len++] = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	e->p[e->len++] = (unsigned char)v;
}

static uint64_t
get_varint(const unsigned char **p)
{
	uint64_t v = 0;
	int sh = 0;

	while (**p & 0x80) {
		v |= (uint64_t)(**p & 0x7f) << sh;
		sh += 7;
		(*p)++;
	}
	v |= (uint64_t)**p << sh;
	(*p)++;
	return v;
}

/* Add the tokens of one page's index that belong to part p to ix, each
 * with a posting of doc. */
static void
merge(struct index *ix, const struct pindex *page, uint32_t doc, size_t p,
    size_t nparts)
{
	size_t i, j;

	for (i = 0; i < page->n; i++) {
		const struct pentry *pe = &page->tab[page->used[i]];
		uint64_t h;
		struct entry *e;
		int more;

		if (part_of(h = key_hash(pe->key), nparts) != p)
			continue;
		if (ix->n * 2 >= ix->cap)
			grow(ix);
		for (j = h & (ix->cap - 1); (e = ix->tab[j]) != NULL;
		    j = (j + 1) & (ix->cap - 1))
			if (key_eq(e->key, e->s, e->slen, pe->key, pe->s, pe->n))
				break;
		if (e == NULL) {
			e = arena_alloc(&ix->mem, sizeof(*e));
			e->key = pe->key;
			if ((pe->key & KEY_TAG) == KEY_STR) {
				e->s = arena_strndup(&ix->mem, pe->s, pe->n);
				e->slen = pe->n;
			}
			ix->tab[j] = e;
			ix->n++;
		}
		/* the chunk of the first occurrence in the page text, when
		 * not the first */
		more = pe->chunk != NO_CHUNK && pe->chunk > 0;
		put_varint(e, (((uint64_t)(doc - e->last) << 2 | pe->field)
		    << 1) | (uint64_t)more);
		if (more)
			put_varint(e, pe->chunk);
		e->last = doc;
		e->n++;
	}
}

/* Part p of the index: every page of the batch, in page order, so each
 * token's postings stay in document order. */
static void
merge_part(void *ctx, size_t p, int worker)
{
	struct index_job *j = ctx;
	size_t k;

	(void)worker;
	for (k = 0; k < j->n; k++)
		merge(&j->parts[p], &j->local[k], (uint32_t)(j->first + k), p,
		    j->nparts);
}

/* e's token as text, for the shard and the sort. */
static void
entry_text(struct arena *a, struct entry *e)
{
	const char *tok;
	char t[16];
	size_t n = key_text(e->key, e->s, e->slen, t, &tok);

	e->tok = tok == e->s ? (char *)e->s : arena_strndup(a, tok, n);
}


/* What a document's entry in the index is made of (index_page,
 * bundle_page): equal digests, equal postings and bundle text. The
 * fields go into b (scratch) as binary numbers and NUL-ended strings. */
static uint64_t
doc_digest(const struct site *s, const struct page *p, struct buf *b)
{
	static const char sep[1] = { 0 };
	const struct strlist *l[NSCHEMES] = { &p->theme, &p->cake, &p->service };
	struct date up = page_updated(p);
	uint64_t num[5];
	size_t j, k;

	num[0] = (uint64_t)p->type;
	num[1] = (uint64_t)p->kind;
	num[2] = (uint64_t)up.year << 16 | (uint64_t)up.month << 8 |
	    (uint64_t)up.day;
	num[3] = s->cfg != NULL ? (uint64_t)s->cfg->date_format : 0xff;
	num[4] = hash64(p->html != NULL ? p->html : "", p->html != NULL ?
	    strlen(p->html) : 0);
	buf_reset(b);
	buf_append(b, (const char *)num, sizeof(num));
	buf_append(b, p->url, strlen(p->url) + 1);
	buf_append(b, p->title, strlen(p->title) + 1);
	buf_puts(b, p->summary != NULL ? p->summary : "");
	buf_append(b, sep, 1);
	buf_puts(b, page_summary(p));
	buf_append(b, sep, 1);
	buf_puts(b, page_kind_label(p));
	buf_append(b, sep, 1);
	for (j = 0; j < p->nheadings; j++)
		buf_append(b, p->headings[j].text,
		    strlen(p->headings[j].text) + 1);
	for (k = 0; k < NSCHEMES; k++) {
		for (j = 0; j < l[k]->n; j++)
			buf_append(b, l[k]->v[j], strlen(l[k]->v[j]) + 1);
		buf_append(b, "|", 1);
	}
	return hash64(b->data, b->len);
}

/* The documents' digests, on the pool: each reads its page only. */
struct digest_job {
	const struct site	 *s;
	const struct page	**pg;
	uint64_t		 *dig;
	struct buf		 *scratch;	/* one per worker */
};

static void
digest_doc(void *ctx, size_t i, int worker)
{
	struct digest_job *j = ctx;

	j->dig[i] = doc_digest(j->s, j->pg[i], &j->scratch[worker]);
}

static void
doc_digests(const struct site *s, const struct page **pg, size_t np,
    int threads, uint64_t *dig)
{
	struct digest_job j = { s, pg, dig, NULL };
	int k;

	j.scratch = xcalloc((size_t)threads, sizeof(*j.scratch));
	pool_for(np, threads, digest_doc, &j);
	for (k = 0; k < threads; k++)
		buf_free(&j.scratch[k]);
	free(j.scratch);
}

/* The shard count: 8, 16, ... until a shard averages at most 16 KB. */
static size_t
shard_count(struct index *parts, size_t nparts)
{
	size_t k, i, total = 0, nsh = 8;

	for (k = 0; k < nparts; k++)
		for (i = 0; i < parts[k].cap; i++) {
			const struct entry *e = parts[k].tab[i];

			if (e != NULL && e->n > 0)
				total += e->n * 4 + strlen(e->tok) + 6;
		}
	while (nsh < SEARCH_SHARDS && total / nsh > 16 * 1024)
		nsh *= 2;
	return nsh;
}

static void
write_meta(const struct site *s, size_t np, size_t nsh, search_put_fn put,
    void *arg)
{
	static const enum scheme sch[NSCHEMES] = {
		SCHEME_THEME, SCHEME_CAKE, SCHEME_SERVICE
	};
	struct buf b = BUF_INIT;
	size_t j, k;

	buf_puts(&b, "window.gongkaiSearch.meta({\"n\":");
	buf_printf(&b, "%zu,\"shards\":%zu,\"group\":%d,\"schemes\":[", np,
	    nsh, SEARCH_GROUP);
	for (k = 0; k < NSCHEMES; k++) {
		const struct class_scheme *cs = &s->schemes[sch[k]];

		buf_puts(&b, k ? ",[" : "[");
		for (j = 0; s->cls != NULL && j < cs->ncodes; j++) {
			if (cs->codes[j].npages == 0)
				continue;
			buf_puts(&b, b.data[b.len - 1] == '[' ? "[" : ",[");
			json_str(&b, cs->codes[j].entry->code,
			    strlen(cs->codes[j].entry->code));
			buf_putc(&b, ',');
			json_str(&b, cs->codes[j].entry->name,
			    strlen(cs->codes[j].entry->name));
			buf_putc(&b, ']');
		}
		buf_putc(&b, ']');
	}
	buf_puts(&b, "]});\n");
	put(arg, "search/meta.js", b.data, b.len);
	buf_free(&b);
}

/*
 * The token shards: every token of parts (with postings) in shard order,
 * then by text. A shard that is not dirty (dirty NULL: all are) is kept
 * when keep says the published file still has the bytes hash[k]; the
 * others are written and their hashes put in hash[] (NULL: not kept).
 */
static void
write_shards(struct index *parts, size_t nparts, size_t nsh,
    const unsigned char *dirty, uint64_t *hash, search_put_fn put,
    search_keep_fn keep, void *arg)
{
	struct buf b = BUF_INIT;
	struct entry **all;
	size_t i, j, k, n, nall = 0;
	char rel[64];

	for (k = 0; k < nparts; k++)
		nall += parts[k].n;
	all = xcalloc(nall + 1, sizeof(*all));
	for (k = 0, n = 0; k < nparts; k++)
		for (i = 0; i < parts[k].cap; i++)
			if (parts[k].tab[i] != NULL && parts[k].tab[i]->n > 0)
				all[n++] = parts[k].tab[i];
	qsort(all, n, sizeof(*all), cmp_entry);
	for (k = 0, i = 0; k < nsh; k++) {
		size_t from = i;

		while (i < n && all[i]->shard == k)
			i++;
		snprintf(rel, sizeof(rel), "search/t/%zu.js", k);
		if (dirty != NULL && !dirty[k] && hash != NULL && keep != NULL &&
		    keep(arg, rel, hash[k]))
			continue;
		buf_reset(&b);
		buf_printf(&b, "window.gongkaiSearch.add(%zu,{", k);
		for (j = from; j < i; j++) {
			struct entry *e = all[j];
			const unsigned char *q = e->p, *end = e->p + e->len;
			int first = 1;

			if (j > from)
				buf_putc(&b, ',');
			json_str(&b, e->tok, strlen(e->tok));
			buf_puts(&b, ":\"");
			/* postings: base 36 (doc delta * 4 + field), then
			 * ".C" for a chunk C > 0 */
			while (q < end) {
				uint64_t v = get_varint(&q);

				if (!first)
					buf_putc(&b, ',');
				first = 0;
				put36(&b, (unsigned long)(v >> 1));
				if (v & 1) {
					buf_putc(&b, '.');
					put36(&b, (unsigned long)get_varint(&q));
				}
			}
			buf_putc(&b, '"');
		}
		buf_puts(&b, "});\n");
		put(arg, rel, b.data, b.len);
		if (hash != NULL)
			hash[k] = hash64(b.data, b.len);
	}
	free(all);
	buf_free(&b);
}

static void
free_parts(struct index *parts, size_t nparts)
{
	size_t k, i;

	for (k = 0; parts != NULL && k < nparts; k++) {
		for (i = 0; i < parts[k].cap; i++)
			if (parts[k].tab[i] != NULL)
				free(parts[k].tab[i]->p);
		free(parts[k].tab);
		arena_free(&parts[k].mem);
	}
	free(parts);
}

/* The whole index, from every page (see search_write). */
static void
index_all(const struct site *s, const struct page **pg, size_t np,
    int threads, search_put_fn put, void *arg, struct search_state *st,
    search_keep_fn keep)
{
	struct index_job job;
	size_t i, j, k, n, nsh;
	uint64_t *hash = NULL;

	/* index first (the shard count depends on the index size), a batch
	 * of pages at a time on every core, each page into an index of its
	 * own, then merged, a part of the index per core, in page order:
	 * the same postings, in the same order, as one page after the
	 * other */
	memset(&job, 0, sizeof(job));
	job.s = s;
	job.pg = pg;
	job.put = put;
	job.arg = arg;
	job.st = st;
	job.text = xcalloc((size_t)threads, sizeof(*job.text));
	job.bundle = xcalloc((size_t)threads, sizeof(*job.bundle));
	job.local = xcalloc(SEARCH_BATCH, sizeof(*job.local));
	job.nparts = (size_t)threads;
	job.parts = xcalloc(job.nparts, sizeof(*job.parts));
	for (i = 0; i < np; i += SEARCH_BATCH) {
		job.first = i;
		job.n = n = np - i < SEARCH_BATCH ? np - i : SEARCH_BATCH;
		pool_for((n + SEARCH_GROUP - 1) / SEARCH_GROUP, threads,
		    index_bundle, &job);
		pool_for(job.nparts, threads, merge_part, &job);
		/* the page indexes are read by every part: emptied once
		 * all are merged, their memory kept for the next batch */
		for (j = 0; j < n; j++)
			pclear(&job.local[j]);
	}
	for (j = 0; j < SEARCH_BATCH; j++) {
		free(job.local[j].tab);
		free(job.local[j].used);
		arena_free(&job.local[j].mem);
	}
	for (k = 0; k < (size_t)threads; k++) {
		buf_free(&job.text[k]);
		bundle_free(&job.bundle[k]);
	}
	free(job.text);
	free(job.bundle);
	free(job.local);
	for (k = 0; k < job.nparts; k++)
		for (i = 0; i < job.parts[k].cap; i++)
			if (job.parts[k].tab[i] != NULL)
				entry_text(&job.parts[k].mem, job.parts[k].tab[i]);
	nsh = shard_count(job.parts, job.nparts);
	write_meta(s, np, nsh, put, arg);
	for (k = 0; k < job.nparts; k++)
		for (i = 0; i < job.parts[k].cap; i++)
			if (job.parts[k].tab[i] != NULL)
				job.parts[k].tab[i]->shard = search_hash(
				    job.parts[k].tab[i]->tok,
				    strlen(job.parts[k].tab[i]->tok)) %
				    (uint32_t)nsh;
	if (st != NULL)
		hash = xcalloc(nsh, sizeof(*hash));
	write_shards(job.parts, job.nparts, nsh, NULL, hash, put, keep, arg);
	if (st == NULL) {
		free_parts(job.parts, job.nparts);
		return;
	}
	free_parts(st->parts, st->nparts);
	free(st->shard_hash);
	st->parts = job.parts;
	st->nparts = job.nparts;
	st->nsh = nsh;
	st->shard_hash = hash;
}

/* The entry of a key in the index, made (empty) when create is set and
 * it is not there; NULL otherwise. */
static struct entry *
ix_find(struct index *parts, size_t nparts, uint64_t key, const char *s,
    size_t n, int create)
{
	uint64_t h = key_hash(key);
	struct index *ix = &parts[part_of(h, nparts)];
	struct entry *e;
	size_t j;

	if (ix->n * 2 >= ix->cap)
		grow(ix);
	for (j = h & (ix->cap - 1); (e = ix->tab[j]) != NULL;
	    j = (j + 1) & (ix->cap - 1))
		if (key_eq(e->key, e->s, e->slen, key, s, n))
			return e;
	if (!create)
		return NULL;
	e = arena_alloc(&ix->mem, sizeof(*e));
	memset(e, 0, sizeof(*e));
	e->key = key;
	if ((key & KEY_TAG) == KEY_STR) {
		e->s = arena_strndup(&ix->mem, s, n);
		e->slen = (uint32_t)n;
	}
	entry_text(&ix->mem, e);
	ix->tab[j] = e;
	ix->n++;
	return e;
}

/* A page's token, or NULL. */
static const struct pentry *
pfind(const struct pindex *ix, uint64_t key, const char *s, size_t n)
{
	size_t j;

	if (ix->cap == 0)
		return NULL;
	for (j = key_hash(key) & (ix->cap - 1); ix->tab[j].key != 0;
	    j = (j + 1) & (ix->cap - 1))
		if (key_eq(ix->tab[j].key, ix->tab[j].s, ix->tab[j].n, key, s, n))
			return &ix->tab[j];
	return NULL;
}

struct posting {
	uint32_t	 doc, field, chunk;	/* chunk 0: the first, or none */
};

/* Whether a document marked in chg has a posting in e: read without
 * storing them (an edit asks it of every token, about 1.5 million
 * postings on the corpus, and few tokens answer yes). */
static int
postings_hit(const struct entry *e, const unsigned char *chg, uint32_t dmax)
{
	const unsigned char *q = e->p, *end = e->p + e->len;
	uint32_t doc = 0;

	/* the documents are in order: past the last changed one, none is */
	while (q < end) {
		uint64_t x = get_varint(&q);

		doc += (uint32_t)(x >> 3);
		if (chg[doc])
			return 1;
		if (doc > dmax)
			return 0;
		if (x & 1)
			while (*q++ & 0x80)	/* the chunk */
				;
	}
	return 0;
}

/* e's postings, decoded into *v. */
static size_t
postings(const struct entry *e, struct posting **v, size_t *cap)
{
	const unsigned char *q = e->p, *end = e->p + e->len;
	uint32_t doc = 0;
	size_t n = 0;

	while (q < end) {
		uint64_t x = get_varint(&q);

		if (n == *cap) {
			*cap = *cap ? *cap * 2 : 64;
			*v = xrealloc(*v, *cap * sizeof(**v));
		}
		doc += (uint32_t)(x >> 3);
		(*v)[n].doc = doc;
		(*v)[n].field = (uint32_t)(x >> 1) & 3;
		(*v)[n].chunk = x & 1 ? (uint32_t)get_varint(&q) : 0;
		n++;
	}
	return n;
}

/*
 * The index of the last build, brought up to date with the pages whose
 * digest changed (chg[0..nchg), ascending): their postings are taken out
 * of every token, their tokens' postings put in, and only the shards and
 * bundles whose bytes that changes are written; keep keeps the others.
 */
static void
index_patch(const struct site *s, const struct page **pg, size_t np,
    const size_t *chg, size_t nchg, struct search_state *st,
    search_put_fn put, search_keep_fn keep, void *arg)
{
	struct pindex *local = xcalloc(nchg + 1, sizeof(*local));
	unsigned char *ischg = xcalloc(np + 1, 1), *dirty, *gdirty;
	struct posting *old = NULL, *nw = NULL;
	size_t capo = 0, capn = 0, i, k, g, nsh;
	uint32_t dmax;
	struct buf text = BUF_INIT;
	struct bundle bd;

	for (k = 0; k < nchg; k++) {
		ischg[chg[k]] = 1;
		buf_reset(&text);
		html_text(&text, pg[chg[k]]->html);
		index_page(&local[k], pg[chg[k]], &text);
		for (i = 0; i < local[k].n; i++) {
			const struct pentry *pe = &local[k].tab[local[k].used[i]];
			struct entry *e = ix_find(st->parts, st->nparts, pe->key,
			    pe->s, pe->n, 1);

			if (e->n == 0 && e->len == 0)	/* new */
				e->shard = search_hash(e->tok, strlen(e->tok)) %
				    (uint32_t)st->nsh;
			e->touched = 1;
		}
	}
	/* chg is in document order */
	dmax = nchg > 0 ? (uint32_t)chg[nchg - 1] : 0;
	dirty = xcalloc(st->nsh + 1, 1);
	for (g = 0; g < st->nparts; g++)
		for (i = 0; i < st->parts[g].cap; i++) {
			struct entry *e = st->parts[g].tab[i];
			struct entry was;
			size_t n, m, a, b;
			int hit;

			if (e == NULL)
				continue;
			hit = e->touched || (nchg > 0 &&
			    postings_hit(e, ischg, dmax));
			if (!hit)
				continue;
			n = postings(e, &old, &capo);
			/* the others' postings and the changed pages' new
			 * ones, in document order */
			for (a = m = 0, b = 0; a < n || b < nchg; ) {
				const struct pentry *pe = NULL;

				if (a < n && ischg[old[a].doc]) {
					a++;
					continue;
				}
				if (b < nchg && (a == n || chg[b] < old[a].doc)) {
					pe = pfind(&local[b], e->key, e->s, e->slen);
					if (pe == NULL) {
						b++;
						continue;
					}
				}
				if (m == capn) {
					capn = capn ? capn * 2 : 64;
					nw = xrealloc(nw, capn * sizeof(*nw));
				}
				if (pe != NULL) {
					nw[m].doc = (uint32_t)chg[b++];
					nw[m].field = pe->field;
					nw[m].chunk = pe->chunk != NO_CHUNK ?
					    pe->chunk : 0;
				} else
					nw[m] = old[a++];
				m++;
			}
			was = *e;
			e->p = NULL;
			e->len = e->cap = e->n = e->last = 0;
			for (a = 0; a < m; a++) {
				put_varint(e, (((uint64_t)(nw[a].doc - e->last) << 2 |
				    nw[a].field) << 1) | (uint64_t)(nw[a].chunk > 0));
				if (nw[a].chunk > 0)
					put_varint(e, nw[a].chunk);
				e->last = nw[a].doc;
				e->n++;
			}
			e->touched = 0;
			if (e->len == was.len && (e->len == 0 ||
			    memcmp(e->p, was.p, e->len) == 0)) {
				free(e->p);
				e->p = was.p;
				e->cap = was.cap;
				continue;
			}
			free(was.p);
			if (e->shard < st->nsh)
				dirty[e->shard] = 1;
		}
	nsh = shard_count(st->parts, st->nparts);
	write_meta(s, np, nsh, put, arg);
	if (nsh != st->nsh) {
		/* other shards: every token moves, every file is new */
		for (g = 0; g < st->nparts; g++)
			for (i = 0; i < st->parts[g].cap; i++)
				if (st->parts[g].tab[i] != NULL)
					st->parts[g].tab[i]->shard = search_hash(
					    st->parts[g].tab[i]->tok,
					    strlen(st->parts[g].tab[i]->tok)) %
					    (uint32_t)nsh;
		st->nsh = nsh;
		free(st->shard_hash);
		st->shard_hash = xcalloc(nsh, sizeof(*st->shard_hash));
		write_shards(st->parts, st->nparts, nsh, NULL, st->shard_hash,
		    put, keep, arg);
	} else
		write_shards(st->parts, st->nparts, nsh, dirty, st->shard_hash,
		    put, keep, arg);

	/* the bundles: those with a changed page made again; the others
	 * kept, or (a published file gone or changed) made again and only
	 * those files written */
	gdirty = xcalloc(st->ngroups + 1, 1);
	for (k = 0; k < nchg; k++)
		gdirty[chg[k] / SEARCH_GROUP] = 1;
	memset(&bd, 0, sizeof(bd));
	for (g = 0; g < st->ngroups; g++) {
		struct sgroup miss = { NULL, 0 }, *sg = &st->group[g];
		char rel[64];

		if (!gdirty[g]) {
			miss.f = xcalloc(sg->n + 1, sizeof(*miss.f));
			for (k = 0; k < sg->n; k++) {
				if (sg->f[k].c == 0)
					snprintf(rel, sizeof(rel),
					    "search/d/%zu.js", g);
				else
					snprintf(rel, sizeof(rel),
					    "search/d/%zu-%u.js", g, sg->f[k].c);
				if (!keep(arg, rel, sg->f[k].hash))
					miss.f[miss.n++] = sg->f[k];
			}
			if (miss.n == 0 && sg->n > 0) {
				free(miss.f);
				continue;
			}
		}
		for (i = g * SEARCH_GROUP; i < np && i < (g + 1) * SEARCH_GROUP;
		    i++) {
			buf_reset(&text);
			html_text(&text, pg[i]->html);
			bundle_page(s, pg[i], i, &text, &bd);
		}
		bundle_put(&bd, g, put, arg, sg, gdirty[g] || sg->n == 0 ?
		    NULL : &miss);
		free(miss.f);
	}
	bundle_free(&bd);
	for (k = 0; k < nchg; k++) {
		free(local[k].tab);
		free(local[k].used);
		arena_free(&local[k].mem);
	}
	free(local);
	free(ischg);
	free(dirty);
	free(gdirty);
	free(old);
	free(nw);
	buf_free(&text);
}

void
search_update(const struct site *s, int threads, search_put_fn put,
    search_keep_fn keep, void *arg, struct search_state *st)
{
	const struct page **pg;
	uint64_t *dig = NULL;
	size_t i, np = 0, nchg = 0, *chg = NULL;
	int same;

	if (threads <= 0)
		threads = pool_default_threads();
	pg = xcalloc(s->npages + 1, sizeof(*pg));
	for (i = 0; i < s->npages; i++)
		if (indexed(s->pages[i]) && !s->pages[i]->draft)
			pg[np++] = s->pages[i];
	if (st != NULL) {
		dig = xcalloc(np + 1, sizeof(*dig));
		chg = xcalloc(np + 1, sizeof(*chg));
		doc_digests(s, pg, np, threads, dig);
	}
	/* the last build's index serves when it has the same pages in the
	 * same order, and not too many of them changed */
	same = st != NULL && keep != NULL && st->valid && st->ndocs == np;
	for (i = 0; same && i < np; i++) {
		if (strcmp(st->url[i], pg[i]->url) != 0)
			same = 0;
		else if (st->digest[i] != dig[i])
			chg[nchg++] = i;
	}
	if (same && nchg <= np / 4 + 1)
		index_patch(s, pg, np, chg, nchg, st, put, keep, arg);
	else {
		if (st != NULL) {
			for (i = 0; i < st->ngroups; i++)
				free(st->group[i].f);
			free(st->group);
			st->ngroups = (np + SEARCH_GROUP - 1) / SEARCH_GROUP;
			st->group = xcalloc(st->ngroups + 1, sizeof(*st->group));
		}
		index_all(s, pg, np, threads, put, arg, st, keep);
	}
	if (st != NULL) {
		for (i = 0; i < st->ndocs; i++)
			free(st->url[i]);
		free(st->url);
		free(st->digest);
		st->url = xcalloc(np + 1, sizeof(*st->url));
		for (i = 0; i < np; i++)
			st->url[i] = xstrdup(pg[i]->url);
		st->digest = dig;
		st->ndocs = np;
		st->valid = 1;
	}
	free(chg);
	free(pg);
}

void
search_write(const struct site *s, int threads, search_put_fn put, void *arg)
{
	search_update(s, threads, put, NULL, arg, NULL);
}

/* ------------------------------------------------------------------ */
/* The state between builds                                            */

#define SEARCH_CACHE_MAGIC	"gongkai-search-cache 1"
#define SEARCH_CACHE_FILE	"search.cache"

/* "MAGIC STAMP\nout REALPATH\n", or NULL (no binary stamp or no folder) */
static char *
state_head(const char *out_dir)
{
	char stamp[64], *real;
	struct buf b = BUF_INIT;

	if (out_dir == NULL || fs_exe_stamp(stamp, sizeof(stamp)) < 0 ||
	    stamp[0] == '\0' || (real = realpath(out_dir, NULL)) == NULL)
		return NULL;
	buf_printf(&b, "%s %s\nout %s\n", SEARCH_CACHE_MAGIC, stamp, real);
	free(real);
	return buf_detach(&b);
}

struct cursor {
	const unsigned char	*p, *end;
	int			 bad;
};

static const void *
take(struct cursor *c, size_t n)
{
	const unsigned char *p = c->p;

	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = 1;
		return NULL;
	}
	c->p += n;
	return p;
}

static uint64_t
take64(struct cursor *c)
{
	const void *p = take(c, 8);
	uint64_t v = 0;

	if (p != NULL)
		memcpy(&v, p, 8);
	return v;
}

static uint32_t
take32(struct cursor *c)
{
	const void *p = take(c, 4);
	uint32_t v = 0;

	if (p != NULL)
		memcpy(&v, p, 4);
	return v;
}

/* A count of items of at least `each` bytes that the rest can hold. */
static size_t
take_count(struct cursor *c, size_t each)
{
	uint64_t n = take64(c);

	if (n > (uint64_t)(c->end - c->p) / each) {
		c->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static void
state_clear(struct search_state *st)
{
	size_t i;

	for (i = 0; i < st->ndocs; i++)
		free(st->url[i]);
	free(st->url);
	free(st->digest);
	free_parts(st->parts, st->nparts);
	free(st->shard_hash);
	for (i = 0; i < st->ngroups; i++)
		free(st->group[i].f);
	free(st->group);
	st->url = NULL;
	st->digest = NULL;
	st->parts = NULL;
	st->shard_hash = NULL;
	st->group = NULL;
	st->ndocs = st->nparts = st->nsh = st->ngroups = 0;
	st->valid = 0;
}

static void
state_read(struct search_state *st, const char *data, size_t len)
{
	struct cursor c = { (const unsigned char *)data,
	    (const unsigned char *)data + len, 0 };
	size_t i, k, n;

	st->ndocs = take_count(&c, 12);
	st->url = xcalloc(st->ndocs + 1, sizeof(*st->url));
	st->digest = xcalloc(st->ndocs + 1, sizeof(*st->digest));
	for (i = 0; i < st->ndocs && !c.bad; i++) {
		const char *u;

		st->digest[i] = take64(&c);
		n = take32(&c);
		if ((u = take(&c, n)) != NULL)
			st->url[i] = xstrndup(u, n);
	}
	st->nsh = take_count(&c, 8);
	st->shard_hash = xcalloc(st->nsh + 1, sizeof(*st->shard_hash));
	for (i = 0; i < st->nsh && !c.bad; i++)
		st->shard_hash[i] = take64(&c);
	st->ngroups = take_count(&c, 4);
	st->group = xcalloc(st->ngroups + 1, sizeof(*st->group));
	for (i = 0; i < st->ngroups && !c.bad; i++) {
		struct sgroup *g = &st->group[i];

		n = take32(&c);
		if (n > (size_t)(c.end - c.p) / 12) {
			c.bad = 1;
			break;
		}
		g->f = xcalloc(n + 1, sizeof(*g->f));
		for (k = 0; k < n && !c.bad; k++) {
			g->f[k].c = take32(&c);
			g->f[k].hash = take64(&c);
		}
		g->n = (uint32_t)n;
	}
	st->nparts = 1;
	st->parts = xcalloc(1, sizeof(*st->parts));
	n = take_count(&c, 24);
	for (i = 0; i < n && !c.bad; i++) {
		uint64_t key = take64(&c);
		uint32_t shard = take32(&c), np = take32(&c);
		size_t sl = take32(&c), pl;
		const char *s = take(&c, sl);
		const unsigned char *p;
		struct entry *e;

		pl = take32(&c);
		p = take(&c, pl);
		if (c.bad || key == 0 || np == 0 || shard >= st->nsh ||
		    ((key & KEY_TAG) == KEY_STR) != (s != NULL && sl > 0)) {
			c.bad = 1;
			break;
		}
		e = ix_find(st->parts, 1, key, s, sl, 1);
		if (e->n != 0) {	/* twice */
			c.bad = 1;
			break;
		}
		e->shard = shard;
		e->n = np;
		e->len = e->cap = (uint32_t)pl;
		e->p = xmalloc(pl + 1);
		memcpy(e->p, p, pl);
	}
	if (c.bad || c.p != c.end)
		state_clear(st);
	else
		st->valid = 1;
}

struct search_state *
search_state_load(const char *site_dir, const char *out_dir)
{
	struct search_state *st = xcalloc(1, sizeof(*st));
	char *head = state_head(out_dir), *path;
	struct buf b = BUF_INIT;
	size_t n;

	st->site_dir = xstrdup(site_dir);
	st->out_dir = xstrdup(out_dir);
	path = fs_join(site_dir, ".gongkai/" SEARCH_CACHE_FILE);
	if (head != NULL && fs_read_file(path, &b) == 0 &&
	    b.len >= (n = strlen(head)) + 8 && memcmp(b.data, head, n) == 0) {
		uint64_t sum;

		memcpy(&sum, b.data + n, 8);
		if (sum == hash64(b.data + n + 8, b.len - n - 8))
			state_read(st, b.data + n + 8, b.len - n - 8);
	}
	buf_free(&b);
	free(path);
	free(head);
	return st;
}

static void
put64(struct buf *b, uint64_t v)
{
	buf_append(b, (const char *)&v, 8);
}

static void
put32(struct buf *b, uint32_t v)
{
	buf_append(b, (const char *)&v, 4);
}

void
search_state_save(struct search_state *st)
{
	char *head;
	struct buf b = BUF_INIT;
	size_t i, k, n = 0, at;
	uint64_t sum;

	if (st == NULL)
		return;
	if (st->valid && (head = state_head(st->out_dir)) != NULL) {
		buf_puts(&b, head);
		free(head);
		at = b.len;
		put64(&b, 0);		/* the sum, once all is there */
		put64(&b, st->ndocs);
		for (i = 0; i < st->ndocs; i++) {
			put64(&b, st->digest[i]);
			put32(&b, (uint32_t)strlen(st->url[i]));
			buf_puts(&b, st->url[i]);
		}
		put64(&b, st->nsh);
		for (i = 0; i < st->nsh; i++)
			put64(&b, st->shard_hash[i]);
		put64(&b, st->ngroups);
		for (i = 0; i < st->ngroups; i++) {
			put32(&b, st->group[i].n);
			for (k = 0; k < st->group[i].n; k++) {
				put32(&b, st->group[i].f[k].c);
				put64(&b, st->group[i].f[k].hash);
			}
		}
		for (k = 0; k < st->nparts; k++)
			for (i = 0; i < st->parts[k].cap; i++)
				n += st->parts[k].tab[i] != NULL &&
				    st->parts[k].tab[i]->n > 0;
		put64(&b, n);
		for (k = 0; k < st->nparts; k++)
			for (i = 0; i < st->parts[k].cap; i++) {
				const struct entry *e = st->parts[k].tab[i];

				if (e == NULL || e->n == 0)
					continue;
				put64(&b, e->key);
				put32(&b, e->shard);
				put32(&b, e->n);
				put32(&b, e->slen);
				buf_append(&b, e->s, e->slen);
				put32(&b, e->len);
				buf_append(&b, (const char *)e->p, e->len);
			}
		sum = hash64(b.data + at + 8, b.len - at - 8);
		memcpy(b.data + at, &sum, 8);
		fs_cache_write(st->site_dir, SEARCH_CACHE_FILE, b.data, b.len);
	}
	buf_free(&b);
	search_state_free(st);
}

void
search_state_free(struct search_state *st)
{
	if (st == NULL)
		return;
	state_clear(st);
	free(st->site_dir);
	free(st->out_dir);
	free(st);
}
