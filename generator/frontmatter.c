#include "frontmatter.h"

#include <stdint.h>
#include <string.h>

#include "diag.h"
#include "kinds.h"
#include "yamlcache.h"
#include "yamltree.h"

struct fmctx {
	struct arena	*a;
	struct page	*p;
	int		 errors;
};

static const char *const known_keys[] = {
	"title", "date", "lastmod", "kind", "summary", "description",
	"theme", "cake", "service", "keywords", "slug", "aliases", "weight",
	"draft", "agency", "coverage", NULL
};

static void
type_error(struct fmctx *c, const struct ynode *n, const char *key,
    const char *want)
{
	diag_error(c->p->path, n->line, n->col,
	    "「%s」應為%s，而不是%s (wrong type for %s)", key, want,
	    ynode_kind_name(n), key);
	c->errors++;
}

static const char *
get_str(struct fmctx *c, const struct ynode *map, const char *key)
{
	struct ynode *n = ynode_get(map, key);

	if (n == NULL)
		return NULL;
	if (n->kind != YNODE_SCALAR) {
		type_error(c, n, key, "文字 (string)");
		return NULL;
	}
	return arena_strdup(c->a, n->text);
}

static void
get_date(struct fmctx *c, const struct ynode *map, const char *key,
    struct date *out)
{
	struct ynode *n = ynode_get(map, key);

	if (n == NULL)
		return;
	if (n->kind != YNODE_SCALAR) {
		type_error(c, n, key, "日期 (date)");
		return;
	}
	if (date_parse(n->text, out) < 0) {
		diag_error(c->p->path, n->line, n->col,
		    "「%s」的日期「%s」無法辨識，請寫成 YYYY-MM-DD，例如 "
		    "2015-01-05 (invalid date)", key, n->text);
		c->errors++;
	}
}

/* A list of strings; a single scalar counts as a one-item list. */
static void
get_list(struct fmctx *c, const struct ynode *map, const char *key,
    struct strlist *out, struct srcpos *pos)
{
	struct ynode *n = ynode_get(map, key);
	const struct ynode *bad;

	if (n == NULL)
		return;
	if (pos != NULL) {
		pos->line = n->line;
		pos->col = n->col;
	}
	if (ynode_strlist(c->a, n, out, &bad) < 0)
		type_error(c, bad, key, bad == n ? "清單 (list)" :
		    "文字 (string)");
}

/* `coverage`: one date, or [first, last]: the period the page is about
 * (a quarterly report covers its quarter). */
static void
get_coverage(struct fmctx *c, const struct ynode *map)
{
	struct ynode *n = ynode_get(map, "coverage");
	struct date d[2];
	struct strlist l;
	const struct ynode *bad;
	size_t i;

	if (n == NULL)
		return;
	if (ynode_strlist(c->a, n, &l, &bad) < 0) {
		type_error(c, bad, "coverage", bad == n ?
		    "日期或兩個日期的清單 (date or [first, last])" : "日期 (date)");
		return;
	}
	if (l.n == 0)
		return;
	if (l.n > 2) {
		diag_error(c->p->path, l.pos[2].line, l.pos[2].col,
		    "coverage 只能是一個日期，或 [起日, 迄日] 兩個日期 "
		    "(coverage takes one date or [first, last])");
		c->errors++;
		return;
	}
	for (i = 0; i < l.n; i++)
		if (date_parse(l.v[i], &d[i]) < 0) {
			diag_error(c->p->path, l.pos[i].line, l.pos[i].col,
			    "「coverage」的日期「%s」無法辨識，請寫成 YYYY-MM-DD "
			    "(invalid date)", l.v[i]);
			c->errors++;
			return;
		}
	if (l.n == 1)
		d[1] = d[0];
	if (date_cmp(&d[0], &d[1]) > 0) {
		diag_error(c->p->path, l.pos[1].line, l.pos[1].col,
		    "coverage 的迄日早於起日 (coverage ends before it starts)");
		c->errors++;
		return;
	}
	c->p->coverage_min = d[0];
	c->p->coverage_max = d[1];
}

/* Offset of the first byte of text[0..len) that is not well-formed UTF-8
 * (RFC 3629: no overlongs, surrogates or code points past U+10FFFF), or
 * len. ASCII is skipped eight bytes at a time, and each sequence's
 * continuation bytes are tested at once: the corpus's 7.4 MB, mostly
 * three-byte Chinese, took a quarter of the front matter's time. */
static size_t
utf8_invalid(const unsigned char *t, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = t[i];

		if (c < 0x80) {
			uint64_t w;

			while (i + 8 <= len) {
				memcpy(&w, t + i, 8);
				if (w & 0x8080808080808080ULL)
					break;
				i += 8;
			}
			while (i < len && t[i] < 0x80)
				i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF) {
			if (i + 1 >= len || (t[i + 1] & 0xC0) != 0x80)
				return i;
			i += 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			unsigned char d;

			if (i + 2 >= len || (t[i + 2] & 0xC0) != 0x80)
				return i;
			d = t[i + 1];
			if (c == 0xE0 ? (d < 0xA0 || d > 0xBF) : c == 0xED ?
			    (d < 0x80 || d > 0x9F) : (d & 0xC0) != 0x80)
				return i;
			i += 3;
		} else if (c >= 0xF0 && c <= 0xF4) {
			unsigned char d;

			if (i + 3 >= len || (t[i + 2] & 0xC0) != 0x80 ||
			    (t[i + 3] & 0xC0) != 0x80)
				return i;
			d = t[i + 1];
			if (c == 0xF0 ? (d < 0x90 || d > 0xBF) : c == 0xF4 ?
			    (d < 0x80 || d > 0x8F) : (d & 0xC0) != 0x80)
				return i;
			i += 4;
		} else
			return i;
	}
	return len;
}

static int
has_control(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

/* An alias is a path of this site ("/faq/old-name/" or "faq/old"): no
 * scheme or host, no backslash, no ".", ".." or empty segment, so a
 * redirect made from it stays on the site and inside the output. */
static int
alias_ok(const char *a)
{
	const char *seg = a[0] == '/' ? a + 1 : a;
	size_t n;

	if (a[0] == '\0' || has_control(a) || strchr(a, '\\') != NULL ||
	    strchr(a, ':') != NULL)
		return 0;
	while (*seg != '\0') {
		n = strcspn(seg, "/");
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		seg += n;
		if (*seg == '/')
			seg++;
	}
	return 1;
}

/* Length of the line starting at s (without its newline). */
static size_t
line_len(const char *s, const char *end)
{
	const char *e = memchr(s, '\n', (size_t)(end - s));

	return (size_t)((e ? e : end) - s);
}

static int
is_fence(const char *s, size_t n, const char *mark)
{
	while (n > 0 && (s[n - 1] == '\r' || s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n == 3 && memcmp(s, mark, 3) == 0;
}

int
frontmatter_parse(struct arena *a, const char *text, size_t len,
    struct page *p)
{
	return frontmatter_parse_with(a, NULL, text, len, p);
}

int
frontmatter_parse_with(struct arena *a, struct yamlcache *yc,
    const char *text, size_t len, struct page *p)
{
	struct fmctx c = { a, p, 0 };
	const char *end = text + len, *s, *fm = NULL, *body = text;
	size_t fmlen = 0, i, k;
	int line = 1, closed = 0;
	struct ynode *root = NULL, *n;
	/* the YAML tree lives only while the page is read: what the page
	 * keeps is copied into a (11 MB on the 5,000-page corpus) */
	struct arena tree = ARENA_INIT;

	p->summary = "";
	p->title = "";
	p->body_line = 1;
	p->body = text;
	p->body_len = len;
	/* before anything reads it: the Markdown engines, libyaml and the
	 * search index all assume UTF-8 */
	if ((i = utf8_invalid((const unsigned char *)text, len)) < len) {
		int l, col;

		diag_position(text, i, &l, &col);
		diag_error(p->path, l, col, "檔案不是有效的 UTF-8 編碼（位元組 "
		    "0x%02X），請以 UTF-8 另存 (invalid UTF-8: byte 0x%02X)",
		    (unsigned char)text[i], (unsigned char)text[i]);
		p->body_len = 0;
		return -1;
	}
	if (len == 0 && p->type == PAGE_REGULAR) {
		diag_error(p->path, 1, 1, "檔案是空的：每一頁都需要前置資料 "
		    "title 與 date (empty file)");
		return -1;
	}
	/* UTF-8 byte order mark, as Windows editors write it */
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, body = text;
	if (end - text >= 3 && is_fence(text, line_len(text, end), "---")) {
		s = text + line_len(text, end);
		if (s < end)
			s++;
		fm = s;
		line = 2;
		while (s < end) {
			size_t ll = line_len(s, end);

			if (is_fence(s, ll, "---") || is_fence(s, ll, "...")) {
				fmlen = (size_t)(s - fm);
				body = s + ll + (s + ll < end);
				closed = 1;
				break;
			}
			s += ll + (s + ll < end);
			line++;
		}
		if (!closed) {
			diag_error(p->path, 1, 1,
			    "前置資料沒有結束的「---」 (front matter is not closed)");
			return -1;
		}
		p->body_line = line + 1;
		p->body = body;
		p->body_len = (size_t)(end - body);
		root = yamlcache_parse(yc, &tree, p->path, fm, fmlen, 2);
		if (root == NULL || root->kind != YNODE_MAP) {
			if (root != NULL)
				type_error(&c, root, "前置資料", "對應表 (mapping)");
			arena_free(&tree);
			return -1;
		}
	}
	p->body = body;
	p->body_len = (size_t)(end - body);

	if (root != NULL) {
		if ((n = ynode_get(root, "kind")) != NULL) {
			if (n->kind != YNODE_SCALAR ||
			    page_kind_parse(n->text, &p->kind) < 0) {
				diag_error(p->path, n->line, n->col,
				    "未知的內容類型「%s」，可用 plan、report、faq、"
				    "sop、news、page (unknown kind)",
				    n->kind == YNODE_SCALAR ? n->text : "");
				c.errors++;
			}
		}
		/* which keys are known depends on the kind */
		for (i = 0; i < root->len; i++) {
			const struct ynode *key = root->pairs[i].key;

			for (k = 0; known_keys[k] != NULL; k++)
				if (strcmp(known_keys[k], key->text) == 0)
					break;
			if (known_keys[k] == NULL)
				kinds_known_key(p, key);
		}
		const char *title = get_str(&c, root, "title");
		if (title != NULL)
			p->title = title;
		const char *sum = get_str(&c, root, "summary");
		if (sum == NULL)
			sum = get_str(&c, root, "description");
		if (sum != NULL)
			p->summary = sum;
		p->slug = get_str(&c, root, "slug");
		p->agency = get_str(&c, root, "agency");
		get_date(&c, root, "date", &p->date);
		get_date(&c, root, "lastmod", &p->lastmod);
		get_list(&c, root, "theme", &p->theme, &p->theme_pos);
		get_list(&c, root, "cake", &p->cake, &p->cake_pos);
		get_list(&c, root, "service", &p->service, &p->service_pos);
		get_list(&c, root, "keywords", &p->keywords, NULL);
		get_list(&c, root, "aliases", &p->aliases, NULL);
		get_coverage(&c, root);
		if ((n = ynode_get(root, "weight")) != NULL &&
		    ynode_int(n, &p->weight) < 0)
			type_error(&c, n, "weight", "整數 (integer)");
		if ((n = ynode_get(root, "draft")) != NULL &&
		    ynode_bool(n, &p->draft) < 0)
			type_error(&c, n, "draft", "true 或 false (boolean)");
		if (p->slug != NULL && (p->slug[0] == '\0' ||
		    p->slug[0] == '.' || p->slug[strcspn(p->slug, "/\\:")] !=
		    '\0' || has_control(p->slug))) {
			n = ynode_get(root, "slug");
			diag_error(p->path, n->line, n->col,
			    "slug 不可為空、不可含「/」「\\」「:」或控制字元，也不可以"
			    "「.」開頭 (invalid slug)");
			c.errors++;
			p->slug = NULL;
		}
		for (i = 0; i < p->aliases.n; i++)
			if (!alias_ok(p->aliases.v[i])) {
				diag_error(p->path, p->aliases.pos[i].line,
				    p->aliases.pos[i].col, "aliases 的「%s」不是本網站"
				    "的路徑：應像 /faq/old-name/，不可含「..」「.」、"
				    "「\\」、「//」、網址協定或控制字元 (alias must be "
				    "a path of this site)", p->aliases.v[i]);
				c.errors++;
			}
	}
	/* plan items, report items, SOP fields, …: kinds.c */
	if (kinds_parse(a, p, root) < 0)
		c.errors++;
	if (p->type == PAGE_REGULAR) {
		if (p->title[0] == '\0' && (ynode_get(root, "title") == NULL ||
		    ynode_get(root, "title")->kind == YNODE_SCALAR)) {
			diag_error(p->path, 1, 1,
			    "缺少標題 title (missing title)");
			c.errors++;
		}
		if (p->date.year == 0 && ynode_get(root, "date") == NULL) {
			diag_error(p->path, 1, 1,
			    "缺少發布日期 date (missing date)");
			c.errors++;
		}
	}
	arena_free(&tree);
	return c.errors ? -1 : 0;
}
