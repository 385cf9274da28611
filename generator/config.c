#include "config.h"

#include <string.h>

#include "buf.h"
#include "diag.h"
#include "sanitize.h"
#include "fs.h"
#include "yamltree.h"

struct cfgctx {
	struct config	*cfg;
	const char	*path;
	int		 errors;
};

static int
type_error(struct cfgctx *c, const struct ynode *n, const char *key,
    const char *want)
{
	diag_error(c->path, n->line, n->col,
	    "「%s」應為%s，而不是%s (wrong type for %s)", key, want,
	    ynode_kind_name(n), key);
	c->errors++;
	return -1;
}

/* Copy a scalar string member into *dst; missing keys leave *dst alone. */
static void
get_str(struct cfgctx *c, const struct ynode *map, const char *key,
    const char **dst)
{
	struct ynode *n = ynode_get(map, key);

	if (n == NULL)
		return;
	if (n->kind != YNODE_SCALAR) {
		type_error(c, n, key, "文字 (string)");
		return;
	}
	*dst = arena_strdup(&c->cfg->arena, n->text);
}

/* A URL of site.yaml that a page will link: never a script scheme. */
static void
check_url(struct cfgctx *c, const struct ynode *map, const char *key,
    const char **url)
{
	const struct ynode *n = ynode_get(map, key);

	if (n == NULL || *url == NULL || sanitize_url_ok(*url, strlen(*url), 0))
		return;
	diag_error(c->path, n->line, n->col, "「%s」的網址使用不安全的協定"
	    "（javascript:、vbscript:、data: 等），不會寫入網頁 (unsafe URL "
	    "scheme in %s)", key, key);
	c->errors++;
	*url = "";
}

static void
check_keys(struct cfgctx *c, const struct ynode *map, const char *where,
    const char *const *known)
{
	size_t i, k;

	for (i = 0; i < map->len; i++) {
		const struct ynode *key = map->pairs[i].key;

		for (k = 0; known[k] != NULL; k++)
			if (strcmp(known[k], key->text) == 0)
				break;
		if (known[k] == NULL)
			diag_warning(c->path, key->line, key->col,
			    "未知的設定「%s%s」，將被忽略 (unknown key)", where,
			    key->text);
	}
}

static void
load_agency(struct cfgctx *c, const struct ynode *n)
{
	static const char *const known[] = { "name", "code", "address",
	    "phone", "fax", "hours", "email", "feedback_url", NULL };
	struct agency *ag = &c->cfg->agency;

	if (n->kind != YNODE_MAP) {
		type_error(c, n, "agency", "對應表 (mapping)");
		return;
	}
	check_keys(c, n, "agency.", known);
	get_str(c, n, "name", &ag->name);
	get_str(c, n, "code", &ag->code);
	get_str(c, n, "address", &ag->address);
	get_str(c, n, "phone", &ag->phone);
	get_str(c, n, "fax", &ag->fax);
	get_str(c, n, "hours", &ag->hours);
	get_str(c, n, "email", &ag->email);
	get_str(c, n, "feedback_url", &ag->feedback_url);
	check_url(c, n, "feedback_url", &ag->feedback_url);
}

/* `classification: {theme: [...], cake: [...], service: [...]}` */
static void
load_classification(struct cfgctx *c, const struct ynode *n)
{
	static const char *const known[] = { "theme", "cake", "service", NULL };
	const struct ynode *bad, *l;
	size_t i;

	if (n->kind != YNODE_MAP) {
		type_error(c, n, "classification", "對應表 (mapping)");
		return;
	}
	check_keys(c, n, "classification.", known);
	for (i = 0; i < 3; i++) {
		if ((l = ynode_get(n, known[i])) == NULL)
			continue;
		if (ynode_strlist(&c->cfg->arena, l, &c->cfg->classification[i],
		    &bad) < 0)
			type_error(c, bad, known[i], bad == l ? "清單 (list)" :
			    "文字 (string)");
	}
}

/* `accessibility_badge: {image, url, alt}`: image and alt are required. */
static void
load_badge(struct cfgctx *c, const struct ynode *n)
{
	static const char *const known[] = { "image", "url", "alt", NULL };
	struct badge *b = &c->cfg->badge;

	if (n->kind != YNODE_MAP) {
		type_error(c, n, "accessibility_badge", "對應表 (mapping)");
		return;
	}
	check_keys(c, n, "accessibility_badge.", known);
	get_str(c, n, "image", &b->image);
	get_str(c, n, "url", &b->url);
	check_url(c, n, "url", &b->url);
	get_str(c, n, "alt", &b->alt);
	if (b->image[0] == '\0' || b->alt[0] == '\0') {
		diag_error(c->path, n->line, n->col,
		    "無障礙標章需要 image（圖檔）與 alt（替代文字，例如「通過AA"
		    "檢測等級無障礙網頁檢測」） (accessibility_badge needs image "
		    "and alt)");
		c->errors++;
		b->image = "";
		return;
	}
	b->line = ynode_get(n, "image")->line;
	b->col = ynode_get(n, "image")->col;
}

/* The 10-character 機關代碼 is DC.Identifier: check its shape, and warn
 * when it is missing. */
static void
check_agency_code(struct cfgctx *c, const struct ynode *root)
{
	const struct ynode *ag = ynode_get(root, "agency"), *n = NULL;
	const char *code = c->cfg->agency.code;
	size_t i, len = strlen(code);
	int ok = len == 10;

	if (ag != NULL && ag->kind == YNODE_MAP)
		n = ynode_get(ag, "code");
	if (len == 0) {
		diag_strict(c->path, n ? n->line : (ag ? ag->line : 1),
		    n ? n->col : (ag ? ag->col : 1),
		    "未設定 agency.code（10 碼機關代碼），網頁的 DC.Identifier "
		    "將是空的 (agency code missing: DC.Identifier is empty)");
		return;
	}
	for (i = 0; ok && i < len; i++)
		ok = (code[i] >= 'A' && code[i] <= 'Z') ||
		    (code[i] >= 'a' && code[i] <= 'z') ||
		    (code[i] >= '0' && code[i] <= '9');
	if (!ok) {
		diag_error(c->path, n ? n->line : 1, n ? n->col : 1,
		    "agency.code「%s」應為 10 碼英數字的機關代碼，例如 "
		    "A11000000F (agency code must be 10 letters or digits)",
		    code);
		c->errors++;
	}
}

static void
load_menu(struct cfgctx *c, const struct ynode *n, const char *key,
    struct menu_item **out, size_t *nout)
{
	static const char *const known[] = { "title", "url", NULL };
	struct config *cfg = c->cfg;
	size_t i;

	if (n->kind != YNODE_SEQ) {
		type_error(c, n, key, "清單 (list)");
		return;
	}
	*out = arena_alloc(&cfg->arena, (n->len + 1) * sizeof(**out));
	for (i = 0; i < n->len; i++) {
		const struct ynode *it = n->items[i];
		struct menu_item *m = &(*out)[*nout];

		if (it->kind != YNODE_MAP) {
			type_error(c, it, key, "對應表 (mapping)");
			continue;
		}
		check_keys(c, it, arena_printf(&cfg->arena, "%s.", key), known);
		m->title = m->url = NULL;
		get_str(c, it, "title", &m->title);
		get_str(c, it, "url", &m->url);
		check_url(c, it, "url", &m->url);
		if (ynode_get(it, "url") != NULL) {
			m->line = ynode_get(it, "url")->line;
			m->col = ynode_get(it, "url")->col;
		}
		if (m->title == NULL || m->url == NULL) {
			diag_error(c->path, it->line, it->col,
			    "選單項目需要 title 與 url (menu item needs title and url)");
			c->errors++;
			continue;
		}
		(*nout)++;
	}
}

static void
load_markdown(struct cfgctx *c, const struct ynode *n)
{
	static const char *const known[] = { "engine", "unsafe", NULL };
	struct ynode *e, *u;

	if (n->kind == YNODE_SCALAR) {	/* shorthand: markdown: cmark-gfm */
		e = (struct ynode *)n;
		u = NULL;
	} else if (n->kind == YNODE_MAP) {
		check_keys(c, n, "markdown.", known);
		e = ynode_get(n, "engine");
		u = ynode_get(n, "unsafe");
	} else {
		type_error(c, n, "markdown", "對應表 (mapping)");
		return;
	}
	if (e != NULL && (e->kind != YNODE_SCALAR ||
	    markdown_engine_parse(e->text, &c->cfg->engine) < 0)) {
		diag_error(c->path, e->line, e->col,
		    "未知的 Markdown 引擎「%s」，可用 md4c 或 cmark-gfm "
		    "(unknown markdown engine)", e->kind == YNODE_SCALAR ?
		    e->text : "");
		c->errors++;
	}
	if (u != NULL && ynode_bool(u, &c->cfg->unsafe_html) < 0) {
		diag_error(c->path, u->line, u->col,
		    "markdown.unsafe 應為 true 或 false (expected a boolean)");
		c->errors++;
	}
}

static void
load_history(struct cfgctx *c, const struct ynode *n)
{
	static const char *const known[] = { "enabled", "publish",
	    "follow_renames", NULL };
	struct config *cfg = c->cfg;
	struct ynode *p, *f;
	size_t i;

	if (n->kind != YNODE_MAP) {
		type_error(c, n, "history", "對應表 (mapping)");
		return;
	}
	check_keys(c, n, "history.", known);
	if ((p = ynode_get(n, "publish")) != NULL) {
		if (p->kind != YNODE_SEQ) {
			type_error(c, p, "history.publish", "清單 (list)");
		} else {
			cfg->history.publish = arena_alloc(&cfg->arena,
			    (p->len + 1) * sizeof(*cfg->history.publish));
			cfg->history.npublish = 0;
			for (i = 0; i < p->len; i++) {
				if (p->items[i]->kind != YNODE_SCALAR) {
					type_error(c, p->items[i], "history.publish",
					    "文字 (string)");
					continue;
				}
				cfg->history.publish[cfg->history.npublish++] =
				    arena_strdup(&cfg->arena, p->items[i]->text);
			}
		}
	}
	if ((f = ynode_get(n, "enabled")) != NULL &&
	    ynode_bool(f, &cfg->history.enabled) < 0) {
		diag_error(c->path, f->line, f->col,
		    "history.enabled 應為 true 或 false (expected a boolean)");
		c->errors++;
	}
	if ((f = ynode_get(n, "follow_renames")) != NULL &&
	    ynode_bool(f, &cfg->history.follow_renames) < 0) {
		diag_error(c->path, f->line, f->col,
		    "history.follow_renames 應為 true 或 false (expected a boolean)");
		c->errors++;
	}
}

/* ------------------------------------------------------------------ */
/* audit: (issue 6)                                                    */

static const struct {
	const char	*key;
	const char	*name;
} disclosures[NDISCLOSURES] = {
	{ "profile", "機關基本資料" },
	{ "core_policies", "核心政策" },
	{ "plan", "執行計畫" },
	{ "service_measures", "服務措施" },
	{ "budget", "預決算" },
};

const char *
config_disclosure_key(enum disclosure d)
{
	return disclosures[d].key;
}

const char *
config_disclosure_name(enum disclosure d)
{
	return disclosures[d].name;
}

/* `audit: {stale_months, publish, supervisor, disclosures: {profile: …}}` */
static void
load_audit(struct cfgctx *c, const struct ynode *n)
{
	static const char *const known[] = { "stale_months", "publish",
	    "supervisor", "disclosures", NULL };
	const char *dkeys[NDISCLOSURES + 1];
	struct audit_config *au = &c->cfg->audit;
	const struct ynode *v;
	size_t i;

	if (n->kind != YNODE_MAP) {
		type_error(c, n, "audit", "對應表 (mapping)");
		return;
	}
	au->line = n->line;
	au->col = n->col;
	check_keys(c, n, "audit.", known);
	if ((v = ynode_get(n, "stale_months")) != NULL &&
	    (ynode_int(v, &au->stale_months) < 0 || au->stale_months < 1)) {
		diag_error(c->path, v->line, v->col, "audit.stale_months 應為正"
		    "整數（月數，例如 12） (expected a positive number of months)");
		c->errors++;
		au->stale_months = 12;
	}
	if ((v = ynode_get(n, "publish")) != NULL &&
	    ynode_bool(v, &au->publish) < 0) {
		diag_error(c->path, v->line, v->col,
		    "audit.publish 應為 true 或 false (expected a boolean)");
		c->errors++;
	}
	get_str(c, n, "supervisor", &au->supervisor);
	if ((v = ynode_get(n, "disclosures")) == NULL)
		return;
	if (v->kind != YNODE_MAP) {
		type_error(c, v, "audit.disclosures", "對應表 (mapping)");
		return;
	}
	for (i = 0; i < NDISCLOSURES; i++)
		dkeys[i] = disclosures[i].key;
	dkeys[NDISCLOSURES] = NULL;
	check_keys(c, v, "audit.disclosures.", dkeys);
	for (i = 0; i < NDISCLOSURES; i++) {
		const struct ynode *p = ynode_get(v, disclosures[i].key);

		if (p == NULL)
			continue;
		if (p->kind != YNODE_SCALAR || p->text[0] == '\0') {
			type_error(c, p, disclosures[i].key,
			    "content/ 之下的路徑 (a path under content/)");
			continue;
		}
		au->disclosures[i] = arena_strdup(&c->cfg->arena, p->text);
		au->disclosure_pos[i].line = p->line;
		au->disclosure_pos[i].col = p->col;
	}
}

/* base_url must be absolute http(s) and end in '/'; base_path is its path. */
static void
set_base_url(struct cfgctx *c, const struct ynode *n)
{
	struct config *cfg = c->cfg;
	const char *u = cfg->base_url, *p;
	struct buf b = BUF_INIT;

	if (strncmp(u, "https://", 8) != 0 && strncmp(u, "http://", 7) != 0) {
		diag_error(c->path, n ? n->line : 1, n ? n->col : 1,
		    "base_url 必須以 https:// 或 http:// 開頭 (base_url must be "
		    "an absolute http(s) URL): %s", u);
		c->errors++;
		cfg->base_url = "https://example.invalid/";
		u = cfg->base_url;
	}
	buf_puts(&b, u);
	if (b.len == 0 || b.data[b.len - 1] != '/')
		buf_putc(&b, '/');
	cfg->base_url = arena_strdup(&cfg->arena, b.data);
	p = strchr(cfg->base_url + (cfg->base_url[4] == 's' ? 8 : 7), '/');
	cfg->base_path = p ? p : "/";
	buf_free(&b);
}

int
config_load(const char *site_dir, struct config *cfg)
{
	static const char *const known[] = { "title", "description",
	    "base_url", "language", "date_format", "timezone", "markdown",
	    "theme", "agency", "history", "menu", "footer_menu", "copyright",
	    "classification", "accessibility_badge", "audit", "paginate",
	    NULL };
	struct cfgctx c;
	struct buf text = BUF_INIT;
	struct ynode *root, *n;
	struct arena tmp = ARENA_INIT;

	memset(cfg, 0, sizeof(*cfg));
	cfg->site_dir = arena_strdup(&cfg->arena, site_dir);
	cfg->path = arena_printf(&cfg->arena, "%s/site.yaml", site_dir);
	if (strcmp(site_dir, ".") == 0)
		cfg->path = "site.yaml";
	cfg->title = cfg->description = cfg->copyright = "";
	cfg->base_url = "http://localhost/";
	cfg->language = "zh-Hant-TW";
	cfg->timezone = "Asia/Taipei";
	cfg->date_format = DATE_ROC;
	cfg->engine = MARKDOWN_MD4C;
	cfg->theme = "default";
	{
		static const char *const publish[] = { "plans", "reports" };

		cfg->history.publish = (const char **)publish;
		cfg->history.npublish = 2;
		cfg->history.enabled = 1;
	}
	cfg->agency.name = cfg->agency.code = cfg->agency.address = "";
	cfg->agency.phone = cfg->agency.fax = cfg->agency.hours = "";
	cfg->agency.email = cfg->agency.feedback_url = "";
	cfg->badge.image = cfg->badge.url = cfg->badge.alt = "";
	cfg->audit.stale_months = 12;
	cfg->audit.supervisor = "";
	cfg->paginate = CONFIG_PAGINATE;

	c.cfg = cfg;
	c.path = cfg->path;
	c.errors = 0;
	if (fs_read_file(cfg->path, &text) < 0) {
		diag_error(cfg->path, 0, 0,
		    "找不到網站設定檔 site.yaml (cannot read site.yaml); "
		    "請以 --site 指定網站資料夾");
		c.errors++;
		goto done;
	}
	root = yaml_parse(&tmp, cfg->path, text.data, text.len, 1);
	if (root == NULL) {
		c.errors++;
		goto done;
	}
	if (root->kind != YNODE_MAP) {
		type_error(&c, root, "site.yaml", "對應表 (mapping)");
		goto done;
	}
	check_keys(&c, root, "", known);
	get_str(&c, root, "title", &cfg->title);
	get_str(&c, root, "description", &cfg->description);
	get_str(&c, root, "base_url", &cfg->base_url);
	get_str(&c, root, "language", &cfg->language);
	get_str(&c, root, "timezone", &cfg->timezone);
	get_str(&c, root, "copyright", &cfg->copyright);
	get_str(&c, root, "theme", &cfg->theme);
	set_base_url(&c, ynode_get(root, "base_url"));
	if ((n = ynode_get(root, "date_format")) != NULL) {
		if (n->kind == YNODE_SCALAR && strcmp(n->text, "roc") == 0)
			cfg->date_format = DATE_ROC;
		else if (n->kind == YNODE_SCALAR && strcmp(n->text, "iso") == 0)
			cfg->date_format = DATE_ISO;
		else {
			diag_error(c.path, n->line, n->col,
			    "date_format 只能是 roc 或 iso (date_format must be "
			    "roc or iso)");
			c.errors++;
		}
	}
	if ((n = ynode_get(root, "paginate")) != NULL &&
	    (ynode_int(n, &cfg->paginate) < 0 || cfg->paginate < 0 ||
	    cfg->paginate > 100000)) {
		diag_error(c.path, n->line, n->col, "paginate 應為 0 到 100000 "
		    "的整數（每頁列出的項目數，0 表示不分頁） (expected the "
		    "number of entries per page, 0 for one page)");
		c.errors++;
		cfg->paginate = CONFIG_PAGINATE;
	}
	if ((n = ynode_get(root, "markdown")) != NULL)
		load_markdown(&c, n);
	if ((n = ynode_get(root, "history")) != NULL)
		load_history(&c, n);
	if ((n = ynode_get(root, "agency")) != NULL)
		load_agency(&c, n);
	check_agency_code(&c, root);
	if ((n = ynode_get(root, "classification")) != NULL)
		load_classification(&c, n);
	if ((n = ynode_get(root, "accessibility_badge")) != NULL)
		load_badge(&c, n);
	if ((n = ynode_get(root, "audit")) != NULL)
		load_audit(&c, n);
	if ((n = ynode_get(root, "menu")) != NULL)
		load_menu(&c, n, "menu", &cfg->menu, &cfg->nmenu);
	if ((n = ynode_get(root, "footer_menu")) != NULL)
		load_menu(&c, n, "footer_menu", &cfg->footer_menu,
		    &cfg->nfooter_menu);
	if (cfg->title[0] == '\0') {
		diag_warning(c.path, 1, 1, "網站沒有標題 title (site has no title)");
	}
	if (strchr(cfg->theme, '/') != NULL || strcmp(cfg->theme, "..") == 0) {
		diag_error(c.path, 1, 1, "theme 只能是 themes/ 下的資料夾名稱 "
		    "(theme must be a folder name under themes/)");
		c.errors++;
		cfg->theme = "default";
	}
done:
	if (cfg->base_path == NULL)
		set_base_url(&c, NULL);
	cfg->theme_dir = arena_printf(&cfg->arena, "%s/themes/%s", site_dir,
	    cfg->theme);
	arena_free(&tmp);
	buf_free(&text);
	return c.errors ? -1 : 0;
}

void
config_free(struct config *cfg)
{
	arena_free(&cfg->arena);
	memset(cfg, 0, sizeof(*cfg));
}
