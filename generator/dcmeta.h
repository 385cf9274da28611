#ifndef GONGKAI_DCMETA_H
#define GONGKAI_DCMETA_H
/*
 * dcmeta: the Dublin Core and MyEGov metadata of a page (DOMAIN.md §2,
 * 「行政機關電子資料流通詮釋資料及分類檢索規範」), as (name, content)
 * pairs that the theme's base layout writes as <meta> elements.
 *
 * Every page, generated ones included, gets the same names in this order:
 * the 16 DC names (DC.Title, DC.Creator, DC.Subject, DC.Description,
 * DC.Contributor, DC.Type, DC.Format, DC.Source, DC.Language,
 * DC.coverage.t.min, DC.coverage.t.max, DC.Publisher, DC.Date,
 * DC.Identifier, DC.Relation, DC.Rights), then Category.Theme,
 * Category.Cake and Category.Service (one pair per code; one pair with
 * empty content when the page has none, which the build has warned
 * about), then Keywords. What fills each is documented in README.md
 * ("Metadata"). Contents are plain text: the template escapes them.
 */
#include <stddef.h>

#include "arena.h"
#include "site.h"

struct dcmeta {
	const char	*name;
	const char	*content;
};

/* The pairs for p, in the order above; *n is set to their number. Both
 * the array and the strings are allocated in a (valid until it is reset).
 * Call after render_markdown(p) so the summary is known. */
struct dcmeta	*dcmeta_page(struct arena *a, const struct site *s,
		    const struct page *p, size_t *n);

#endif
