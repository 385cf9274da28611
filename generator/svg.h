#ifndef GONGKAI_SVG_H
#define GONGKAI_SVG_H
/*
 * svg: the two pictures gongkai draws (issue 6), as inline SVG for HTML
 * pages: a plan's progress (items × quarters) and an SOP's flowchart.
 *
 * Output is deterministic (integer coordinates, no clock, no locale),
 * well-formed XML with every text escaped, and accessible: role="img",
 * a <title> that names it (aria-labelledby) and a <desc>; aria-describedby
 * points at the page's text alternative (the progress table, the ordered
 * list of steps) when the caller names one. No script, no external
 * resources. Colours have at least 3:1 contrast against white; each state
 * also has its own pattern and a text label, so colour is never the only
 * cue. Text width is estimated (CJK characters 1em, others 0.55em) to wrap
 * lines, since there is no font to measure.
 */
#include <stddef.h>

#include "buf.h"
#include "kinds.h"

struct svg_progress_row {
	const char	*label;		/* item id: "一-1" */
	enum item_status status[4];	/* by quarter */
};

struct svg_progress {
	const char	*id;		/* unique prefix of the SVG's ids */
	const char	*title;		/* accessible name */
	const char	*desc;		/* short description */
	const char	*described_by;	/* id of the text alternative, or NULL */
	const char	*columns[4];	/* 第1季 … */
	const struct svg_progress_row *rows;
	size_t		 nrows;
};

/* Append the progress chart: one row per item, one column per quarter,
 * each cell the status's pattern and name; a legend below. */
void	svg_progress_chart(struct buf *out, const struct svg_progress *pr);

/* Append a flowchart: the steps as numbered boxes, top to bottom, joined
 * by arrows; long steps wrap. id prefixes the SVG's ids. */
void	svg_flowchart(struct buf *out, const char *id, const char *title,
	    const char *desc, const char *described_by,
	    const char *const *steps, size_t nsteps);

/* The colour of a status (for the legend in HTML, and tests). */
const char	*svg_status_colour(enum item_status st);

/* Width in 1/100 em of the UTF-8 text s[0..n): CJK and other wide
 * characters 100, the rest 55. */
long	svg_text_width(const char *s, size_t n);

#endif
