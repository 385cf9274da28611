/*
 * supervise: the 管制考核 page over every agency of build --all.
 */
#include "supervise.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "fs.h"
#include "json.h"
#include "render.h"
#include "util.h"
#include "value.h"

/* A link of agency `name` relative to OUT/index.html: the agency's own
 * links start with its base path, which is replaced by "NAME/". */
static const char *
rel_link(struct arena *a, const struct audit_report *r, const char *name,
    const char *url)
{
	size_t bl = strlen(r->base_path);

	if (url == NULL)
		return NULL;
	if (strncmp(url, r->base_path, bl) == 0)
		url += bl;
	else if (url[0] == '/')
		url++;
	return arena_printf(a, "%s/%s", name, url);
}

static void
put_date(struct arena *a, struct value *m, const char *key,
    const struct date *d)
{
	char buf[32];

	date_display(d, DATE_ROC, buf, sizeof(buf));
	value_map_str(a, m, key, buf);
	date_iso(d, buf, sizeof(buf));
	value_map_str(a, m, arena_printf(a, "%s_iso", key), buf);
}

static struct value *
agency_value(struct arena *a, const struct audit_report *r, const char *name)
{
	struct value *m = value_map(a), *plans = value_list(a),
	    *owed = value_list(a);
	size_t i;
	int q, on_time = 0, due = 0;

	value_map_str(a, m, "name", r->agency);
	value_map_str(a, m, "site", r->site_title);
	value_map_str(a, m, "folder", name);
	value_map_str(a, m, "url", arena_printf(a, "%s/", name));
	if (r->audit_url != NULL)
		value_map_str(a, m, "audit_url", rel_link(a, r, name,
		    r->audit_url));
	value_map_bool(a, m, "plan_published", r->plan_published);
	for (i = 0; i < r->nplans; i++) {
		const struct audit_plan *ap = &r->plans[i];
		struct value *p = value_map(a), *qs = value_list(a);

		value_map_num(a, p, "year", ap->year);
		value_map_str(a, p, "title", ap->title);
		value_map_str(a, p, "url", rel_link(a, r, name, ap->url));
		value_map_bool(a, p, "current", ap->year == r->year);
		for (q = 0; q < 4; q++) {
			const struct audit_quarter *aq = &ap->q[q];
			struct value *it = value_map(a);

			value_map_num(a, it, "quarter", q + 1);
			value_map_str(a, it, "state", audit_state_key(aq->state));
			value_map_str(a, it, "state_label",
			    audit_state_label(aq->state));
			value_map_bool(a, it, "is_owed", aq->state == REPORT_OWED);
			value_map_bool(a, it, "is_late", aq->state == REPORT_LATE);
			value_map_bool(a, it, "is_pending",
			    aq->state == REPORT_PENDING);
			put_date(a, it, "due", &aq->due);
			value_map_bool(a, it, "has_url", aq->url != NULL);
			if (aq->url != NULL)
				value_map_str(a, it, "url", rel_link(a, r, name,
				    aq->url));
			value_list_push(a, qs, it);
			if (aq->state != REPORT_PENDING)
				due++;
			if (aq->state == REPORT_ON_TIME)
				on_time++;
		}
		value_map_set(a, p, "quarters", qs);
		value_list_push(a, plans, p);
	}
	value_map_set(a, m, "plans", plans);
	value_map_bool(a, m, "has_plans", plans->len > 0);
	value_map_num(a, m, "reports_due", due);
	value_map_num(a, m, "reports_on_time", on_time);
	value_map_num(a, m, "sops", (double)r->sops);
	value_map_num(a, m, "sops_with_lookup", (double)r->sops_with_lookup);
	value_map_bool(a, m, "sop_ok", r->sops_with_lookup >= 5);
	value_map_num(a, m, "faqs", (double)r->faqs);
	value_map_num(a, m, "owed", (double)r->owed);
	value_map_num(a, m, "notes", (double)r->notes);
	value_map_bool(a, m, "ok", r->owed == 0);
	for (i = 0; i < r->nfindings; i++) {
		const struct audit_finding *f = &r->findings[i];
		struct value *it;

		if (f->level != AUDIT_OWED)
			continue;
		it = value_map(a);
		value_map_str(a, it, "section", audit_rule_section(f->rule));
		value_map_str(a, it, "rule_title", audit_rule_title(f->rule));
		value_map_str(a, it, "path", f->path);
		value_map_str(a, it, "message", f->message);
		value_map_str(a, it, "action", f->action);
		value_list_push(a, owed, it);
	}
	value_map_set(a, m, "findings", owed);
	value_map_bool(a, m, "has_findings", owed->len > 0);
	return m;
}

static struct value *
meta_pair(struct arena *a, const char *name, const char *content)
{
	struct value *m = value_map(a);

	value_map_str(a, m, "name", name);
	value_map_str(a, m, "content", content);
	return m;
}

static struct value *
context(struct arena *a, const struct audit_report *audits,
    const char *const *names, size_t n, struct date today)
{
	struct value *ctx = value_map(a), *site = value_map(a),
	    *page = value_map(a), *groups = value_list(a), *meta = value_list(a);
	const char *title = "提升服務品質管制考核";
	const char *summary = "各機關提升服務品質執行計畫、按季執行成果報告及"
	    "案件進度查詢的辦理情形（依法務部實施計畫陸、管制考核）。";
	char iso[32];
	size_t i, k, owed = 0;

	value_map_str(a, site, "title", "管制考核");
	value_map_str(a, site, "language", "zh-Hant-TW");
	value_map_str(a, site, "base_path", "");
	value_map_str(a, site, "home_url", "./");
	value_map_bool(a, site, "has_menu", 0);
	value_map_bool(a, site, "has_footer_menu", 0);
	value_map_set(a, site, "header_links", value_list(a));
	value_map_set(a, site, "agency", value_map(a));
	value_map_set(a, ctx, "site", site);

	value_map_str(a, page, "title", title);
	value_map_str(a, page, "summary", summary);
	value_map_str(a, page, "permalink", "./");
	value_map_str(a, page, "kind", "supervision");
	value_map_bool(a, page, "is_page", 1);
	value_map_bool(a, page, "is_generated", 1);
	value_map_set(a, ctx, "page", page);
	value_map_set(a, ctx, "breadcrumbs", value_list(a));
	value_map_str(a, ctx, "generator", "gongkai " VERSION);

	date_iso(&today, iso, sizeof(iso));
	value_list_push(a, meta, meta_pair(a, "DC.Title", title));
	value_list_push(a, meta, meta_pair(a, "DC.Description", summary));
	value_list_push(a, meta, meta_pair(a, "DC.Type", "網頁"));
	value_list_push(a, meta, meta_pair(a, "DC.Format", "text/html"));
	value_list_push(a, meta, meta_pair(a, "DC.Language", "zh-Hant-TW"));
	value_list_push(a, meta, meta_pair(a, "DC.Date", iso));
	value_map_set(a, ctx, "meta", meta);

	/* agencies by supervisor, in the order the supervisors first come */
	for (i = 0; i < n; i++) {
		const char *sup = audits[i].supervisor[0] ?
		    audits[i].supervisor : "其他機關";
		struct value *g = NULL;

		for (k = 0; k < groups->len; k++)
			if (strcmp(value_map_get(groups->items[k],
			    "supervisor")->str, sup) == 0)
				g = groups->items[k];
		if (g == NULL) {
			g = value_map(a);
			value_map_str(a, g, "supervisor", sup);
			value_map_str(a, g, "id", arena_printf(a, "gk-group-%zu",
			    groups->len + 1));
			value_map_set(a, g, "agencies", value_list(a));
			value_list_push(a, groups, g);
		}
		value_list_push(a, value_map_get(g, "agencies"),
		    agency_value(a, &audits[i], names[i]));
		owed += audits[i].owed;
	}
	for (k = 0; k < groups->len; k++)
		value_map_num(a, groups->items[k], "count", (double)value_map_get(
		    groups->items[k], "agencies")->len);
	value_map_set(a, ctx, "groups", groups);
	put_date(a, ctx, "today", &today);
	value_map_num(a, ctx, "year", today.year - 1911);
	value_map_num(a, ctx, "agency_count", (double)n);
	value_map_num(a, ctx, "owed", (double)owed);
	return ctx;
}

int
supervise_write(struct output *out, const char *theme_dir,
    const struct audit_report *audits, const char *const *names, size_t n,
    struct date today)
{
	struct arena a = ARENA_INIT;
	struct buf b = BUF_INIT;
	struct value *all = value_list(&a);
	char *layouts = fs_join(theme_dir, "layouts");
	char *stat = fs_join(theme_dir, "static");
	char **files = NULL;
	size_t nf = 0, i;
	int rc = -1;

	if (render_standalone(layouts, "supervision",
	    context(&a, audits, names, n, today), &b) < 0)
		goto out;
	write_file(out, "index.html", b.data, b.len);
	buf_reset(&b);
	for (i = 0; i < n; i++) {
		struct value *it = value_map(&a);

		value_map_str(&a, it, "folder", names[i]);
		value_map_set(&a, it, "audit", audit_value(&a, &audits[i],
		    DATE_ROC));
		value_list_push(&a, all, it);
	}
	json_dump_value(all, &b);
	buf_putc(&b, '\n');
	write_file(out, "supervision.json", b.data, b.len);
	/* the page's stylesheet: the theme's static files, as in each site */
	fs_list_files(stat, &files, &nf);
	for (i = 0; i < nf; i++) {
		char *src = fs_join(stat, files[i]);

		write_copy(out, files[i], src);
		free(src);
	}
	fs_list_free(files, nf);
	rc = 0;
out:
	free(layouts);
	free(stat);
	buf_free(&b);
	arena_free(&a);
	return rc;
}
