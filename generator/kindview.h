#ifndef GONGKAI_KINDVIEW_H
#define GONGKAI_KINDVIEW_H
/*
 * kindview: what the templates of plans, reports, FAQ, SOPs and news see,
 * and the /audit/ page (issue 6). render.c calls kindview_context after
 * building a page's common context; it adds to that context:
 *
 *   page.plan      year, items[] (the plan table, grouped by area in
 *                  areas[]), progress (the chart as SVG markup, the
 *                  quarters and the rows of its table)
 *   page.report    year, quarter, period, plan_title/plan_url, items[]
 *   page.faq       category, related[]
 *   page.sop       time_limit, documents[], fee, window, query_url, steps[],
 *                  flowchart (SVG markup); page.content gets an id on the
 *                  body's list of steps, the flowchart's text alternative
 *   page.news      category
 *   section pages  faq: categories[] with their questions, faq_jsonld
 *                  (schema.org FAQPage); every kind: pages[] rows gain
 *                  their kind's fields (time_limit, has_lookup, category…)
 *   home page      news[] (the latest five), has_news, news_url
 *   /audit/        audit (audit_value)
 *
 * Everything is allocated in a (the page's render arena).
 */
#include "arena.h"
#include "site.h"
#include "value.h"

void	kindview_context(struct arena *a, const struct site *s,
	    const struct page *p, struct value *ctx);

/* The section template for a section of kind k: "section-faq" … or NULL
 * for plain pages. */
const char	*kindview_section_template(enum page_kind k);

/* Whether p's view shows the rendered bodies of its section's pages (the
 * FAQ index: every answer), so that it changes with their sources, not
 * only with what lists show of a page (rendercache.h). */
int	kindview_shows_bodies(const struct page *p);

#endif
