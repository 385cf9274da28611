/*
 * svg: progress chart and flowchart as inline, accessible SVG.
 */
#include "svg.h"

#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "util.h"

/* ------------------------------------------------------------------ */
/* Palette: dark enough for 3:1 against white (WCAG 1.4.11), each
 * state with its own pattern; text is #1f2328 on white (16:1).         */

#define TEXT_COLOUR	"#1f2328"
#define GRID_COLOUR	"#8c959f"

static const struct {
	const char	*colour;	/* stroke and pattern ink */
	const char	*pattern;	/* name, for ids and tests */
} palette[NSTATUS] = {
	[STATUS_NONE] = { "#57606a", "none" },		/* 6.4:1, dashed */
	[STATUS_NOT_STARTED] = { "#57606a", "dots" },	/* 6.4:1 */
	[STATUS_IN_PROGRESS] = { "#0550ae", "stripes" },	/* 7.6:1 */
	[STATUS_DONE] = { "#1a7f37", "solid" },		/* 5.1:1 */
	[STATUS_BEHIND] = { "#b3261e", "crosshatch" },	/* 6.5:1 */
};

const char *
svg_status_colour(enum item_status st)
{
	return palette[st].colour;
}

static void
text_esc(struct buf *b, const char *s)
{
	escape_xml(b, s, strlen(s));
}

/* ------------------------------------------------------------------ */
/* Text measuring and wrapping                                         */

/* Length of the UTF-8 sequence at s and its code point. */
static size_t
utf8_next(const unsigned char *s, size_t n, unsigned *cp)
{
	size_t len = 1, i;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if ((s[0] & 0xE0) == 0xC0)
		len = 2;
	else if ((s[0] & 0xF0) == 0xE0)
		len = 3;
	else if ((s[0] & 0xF8) == 0xF0)
		len = 4;
	if (len > n) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = s[0] & (0xFF >> (len + 1));
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return i;
		}
		*cp = (*cp << 6) | (s[i] & 0x3F);
	}
	return len;
}

static int
is_wide(unsigned cp)
{
	return cp >= 0x1100 && !(cp >= 0x2000 && cp < 0x2E80) &&
	    !(cp >= 0xFF61 && cp <= 0xFFDC);
}

long
svg_text_width(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	long w = 0;
	unsigned cp;

	while (i < n) {
		i += utf8_next(p + i, n - i, &cp);
		w += is_wide(cp) ? 100 : 55;
	}
	return w;
}

/* Punctuation that must not start a line (it stays on the line before,
 * even if that line runs a little long). */
static int
no_line_start(unsigned cp)
{
	static const unsigned set[] = { 0xFF0C, 0x3002, 0x3001, 0xFF1B,
	    0xFF1A, 0xFF09, 0x300D, 0x300F, 0xFF01, 0xFF1F, 0x3011, ',',
	    '.', ';', ':', ')', '!', '?' };
	size_t i;

	for (i = 0; i < NELEM(set); i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

struct line {
	size_t	off, len;
};

/* Break s into lines no wider than max (1/100 em); at most maxlines
 * (the last one takes the rest). A line may break before or after a wide
 * character and after a space, never before closing punctuation.
 * Returns the number of lines. */
static size_t
wrap(const char *s, long max, struct line *lines, size_t maxlines)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, start = 0, brk = 0, nl = 0;
	long w = 0, wbrk = 0;	/* widths of [start, i) and [start, brk) */
	int prev_breakable = 0;
	unsigned cp;

	while (i < n) {
		size_t k = utf8_next(p + i, n - i, &cp);
		long cw = is_wide(cp) ? 100 : 55;

		if (i > start && !no_line_start(cp) &&
		    (is_wide(cp) || prev_breakable)) {
			brk = i;
			wbrk = w;
		}
		if (w + cw > max && i > start && !no_line_start(cp) &&
		    nl + 1 < maxlines) {
			size_t at = brk > start ? brk : i;

			lines[nl].off = start;
			lines[nl].len = at - start;
			nl++;
			w = at == i ? 0 : w - wbrk;
			start = at;
			brk = start;
			if (at == i && cp == ' ') {
				i += k;
				start = i;
				prev_breakable = 0;
				continue;
			}
		}
		w += cw;
		i += k;
		prev_breakable = cp == ' ' || is_wide(cp);
	}
	if (start < n || nl == 0) {
		lines[nl].off = start;
		lines[nl].len = n - start;
		nl++;
	}
	return nl;
}

/* ------------------------------------------------------------------ */
/* Shared pieces                                                       */

static void
open_svg(struct buf *b, const char *id, const char *cls, int w, int h,
    const char *title, const char *desc, const char *described_by)
{
	buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" "
	    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-labelledby=\"", cls, w, h, w, h);
	text_esc(b, id);
	buf_puts(b, "-title\" aria-describedby=\"");
	if (described_by != NULL && described_by[0] != '\0')
		text_esc(b, described_by);
	else {
		text_esc(b, id);
		buf_puts(b, "-desc");
	}
	buf_puts(b, "\" font-family=\"sans-serif\">\n<title id=\"");
	text_esc(b, id);
	buf_puts(b, "-title\">");
	text_esc(b, title);
	buf_puts(b, "</title>\n<desc id=\"");
	text_esc(b, id);
	buf_puts(b, "-desc\">");
	text_esc(b, desc);
	buf_puts(b, "</desc>\n");
}

/* ------------------------------------------------------------------ */
/* Progress chart                                                      */

#define PC_MARGIN	8
#define PC_HEAD		30	/* header row */
#define PC_ROW		28
#define PC_COL		84
#define PC_SWATCH	16
#define PC_FONT		13
#define PC_LEGEND_ROW	24

static void
pattern_defs(struct buf *b, const char *id)
{
	size_t st;

	buf_puts(b, "<defs>\n");
	for (st = 0; st < NSTATUS; st++) {
		const char *c = palette[st].colour;

		buf_puts(b, "<pattern id=\"");
		text_esc(b, id);
		buf_printf(b, "-%s\" width=\"6\" height=\"6\" "
		    "patternUnits=\"userSpaceOnUse\">", palette[st].pattern);
		switch ((enum item_status)st) {
		case STATUS_DONE:
			buf_printf(b, "<rect width=\"6\" height=\"6\" fill=\"%s\"/>",
			    c);
			break;
		case STATUS_IN_PROGRESS:
			buf_printf(b, "<rect width=\"6\" height=\"6\" "
			    "fill=\"#ffffff\"/><path d=\"M0 6L6 0M-1 1L1 -1M5 7L7 5\" "
			    "stroke=\"%s\" stroke-width=\"1.5\"/>", c);
			break;
		case STATUS_BEHIND:
			buf_printf(b, "<rect width=\"6\" height=\"6\" "
			    "fill=\"#ffffff\"/><path d=\"M0 0L6 6M6 0L0 6\" "
			    "stroke=\"%s\" stroke-width=\"1.5\"/>", c);
			break;
		case STATUS_NOT_STARTED:
			buf_printf(b, "<rect width=\"6\" height=\"6\" "
			    "fill=\"#ffffff\"/><circle cx=\"3\" cy=\"3\" r=\"1.2\" "
			    "fill=\"%s\"/>", c);
			break;
		case STATUS_NONE:
			buf_puts(b, "<rect width=\"6\" height=\"6\" "
			    "fill=\"#ffffff\"/>");
			break;
		}
		buf_puts(b, "</pattern>\n");
	}
	buf_puts(b, "</defs>\n");
}

/* One state: its swatch at (x, y) and its name to the right. */
static void
swatch(struct buf *b, const char *id, enum item_status st, int x, int y)
{
	buf_printf(b, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
	    "rx=\"3\" fill=\"url(#", x, y, PC_SWATCH, PC_SWATCH);
	text_esc(b, id);
	buf_printf(b, "-%s)\" stroke=\"%s\" stroke-width=\"1.5\"%s/>",
	    palette[st].pattern, palette[st].colour,
	    st == STATUS_NONE ? " stroke-dasharray=\"3 2\"" : "");
	buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" fill=\"%s\">",
	    x + PC_SWATCH + 4, y + PC_SWATCH - 3, PC_FONT, TEXT_COLOUR);
	text_esc(b, kinds_status_label(st));
	buf_puts(b, "</text>");
}

void
svg_progress_chart(struct buf *b, const struct svg_progress *pr)
{
	static const enum item_status legend[] = { STATUS_DONE,
	    STATUS_IN_PROGRESS, STATUS_BEHIND, STATUS_NOT_STARTED,
	    STATUS_NONE };
	long lw = 0;
	int label_w, w, h, x, y, legend_rows, per_row;
	size_t i, q;

	for (i = 0; i < pr->nrows; i++) {
		long t = svg_text_width(pr->rows[i].label,
		    strlen(pr->rows[i].label));

		if (t > lw)
			lw = t;
	}
	label_w = (int)(lw * PC_FONT / 100) + 16;
	if (label_w < 48)
		label_w = 48;
	w = PC_MARGIN * 2 + label_w + 4 * PC_COL;
	per_row = (w - 2 * PC_MARGIN) / 92;
	if (per_row < 1)
		per_row = 1;
	legend_rows = (int)((NELEM(legend) + (size_t)per_row - 1) /
	    (size_t)per_row);
	h = PC_MARGIN * 2 + PC_HEAD + (int)pr->nrows * PC_ROW + 12 +
	    legend_rows * PC_LEGEND_ROW;

	open_svg(b, pr->id, "gk-progress-chart", w, h, pr->title, pr->desc,
	    pr->described_by);
	pattern_defs(b, pr->id);

	/* header: the quarters */
	y = PC_MARGIN + PC_HEAD - 10;
	buf_printf(b, "<g font-size=\"%d\" fill=\"%s\" font-weight=\"bold\">",
	    PC_FONT, TEXT_COLOUR);
	buf_printf(b, "<text x=\"%d\" y=\"%d\">", PC_MARGIN, y);
	text_esc(b, "項目");
	buf_puts(b, "</text>");
	for (q = 0; q < 4; q++) {
		buf_printf(b, "<text x=\"%d\" y=\"%d\">",
		    PC_MARGIN + label_w + (int)q * PC_COL, y);
		text_esc(b, pr->columns[q] ? pr->columns[q] : "");
		buf_puts(b, "</text>");
	}
	buf_puts(b, "</g>\n");
	buf_printf(b, "<path d=\"M%d %dH%d\" stroke=\"%s\" stroke-width=\"1\"/>\n",
	    PC_MARGIN, PC_MARGIN + PC_HEAD - 2, w - PC_MARGIN, GRID_COLOUR);

	/* one row per item */
	for (i = 0; i < pr->nrows; i++) {
		y = PC_MARGIN + PC_HEAD + (int)i * PC_ROW;
		buf_puts(b, "<g>");
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" "
		    "fill=\"%s\">", PC_MARGIN, y + PC_ROW / 2 + PC_FONT / 2 - 1,
		    PC_FONT, TEXT_COLOUR);
		text_esc(b, pr->rows[i].label);
		buf_puts(b, "</text>");
		for (q = 0; q < 4; q++)
			swatch(b, pr->id, pr->rows[i].status[q],
			    PC_MARGIN + label_w + (int)q * PC_COL,
			    y + (PC_ROW - PC_SWATCH) / 2);
		buf_puts(b, "</g>\n");
	}

	/* legend */
	y = PC_MARGIN + PC_HEAD + (int)pr->nrows * PC_ROW + 12;
	buf_printf(b, "<path d=\"M%d %dH%d\" stroke=\"%s\" stroke-width=\"1\"/>\n",
	    PC_MARGIN, y - 6, w - PC_MARGIN, GRID_COLOUR);
	buf_puts(b, "<g>");
	for (i = 0; i < NELEM(legend); i++) {
		x = PC_MARGIN + (int)(i % (size_t)per_row) * 92;
		swatch(b, pr->id, legend[i], x,
		    y + (int)(i / (size_t)per_row) * PC_LEGEND_ROW);
	}
	buf_puts(b, "</g>\n</svg>");
}

/* ------------------------------------------------------------------ */
/* Flowchart                                                           */

#define FC_WIDTH	360
#define FC_MARGIN	8
#define FC_FONT		15
#define FC_LINE		21
#define FC_PAD		10
#define FC_GAP		26	/* between boxes: the arrow */
#define FC_NUM_R	12
#define FC_BOX_STROKE	"#1f4e79"	/* 9.4:1 against white */
#define FC_BOX_FILL	"#eef4fb"
#define FC_MAX_LINES	12

void
svg_flowchart(struct buf *b, const char *id, const char *title,
    const char *desc, const char *described_by, const char *const *steps,
    size_t nsteps)
{
	struct line (*lines)[FC_MAX_LINES];
	size_t *nlines, i, k;
	int h, y, text_x = FC_MARGIN + 2 * FC_NUM_R + 22;
	long max = (long)(FC_WIDTH - FC_MARGIN - FC_PAD - text_x) * 100 /
	    FC_FONT;

	lines = xcalloc(nsteps + 1, sizeof(*lines));
	nlines = xcalloc(nsteps + 1, sizeof(*nlines));
	h = FC_MARGIN * 2;
	for (i = 0; i < nsteps; i++) {
		nlines[i] = wrap(steps[i], max, lines[i], FC_MAX_LINES);
		h += (int)nlines[i] * FC_LINE + 2 * FC_PAD;
		if (i + 1 < nsteps)
			h += FC_GAP;
	}
	open_svg(b, id, "gk-flowchart", FC_WIDTH, h, title, desc,
	    described_by);
	buf_puts(b, "<defs><marker id=\"");
	text_esc(b, id);
	buf_printf(b, "-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" "
	    "markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\"><path "
	    "d=\"M0 0L10 5L0 10Z\" fill=\"%s\"/></marker></defs>\n",
	    FC_BOX_STROKE);
	y = FC_MARGIN;
	for (i = 0; i < nsteps; i++) {
		int bh = (int)nlines[i] * FC_LINE + 2 * FC_PAD;

		buf_printf(b, "<g><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" rx=\"8\" fill=\"%s\" stroke=\"%s\" "
		    "stroke-width=\"2\"/>", FC_MARGIN, y,
		    FC_WIDTH - 2 * FC_MARGIN, bh, FC_BOX_FILL, FC_BOX_STROKE);
		buf_printf(b, "<circle cx=\"%d\" cy=\"%d\" r=\"%d\" "
		    "fill=\"%s\"/>", FC_MARGIN + FC_PAD + FC_NUM_R,
		    y + FC_PAD + FC_LINE / 2, FC_NUM_R, FC_BOX_STROKE);
		buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"%d\" "
		    "fill=\"#ffffff\" text-anchor=\"middle\" "
		    "font-weight=\"bold\">%zu</text>",
		    FC_MARGIN + FC_PAD + FC_NUM_R, y + FC_PAD + FC_LINE / 2 + 5,
		    FC_FONT - 2, i + 1);
		buf_printf(b, "<text font-size=\"%d\" fill=\"%s\">", FC_FONT,
		    TEXT_COLOUR);
		for (k = 0; k < nlines[i]; k++) {
			buf_printf(b, "<tspan x=\"%d\" y=\"%d\">", text_x,
			    y + FC_PAD + (int)k * FC_LINE + FC_FONT);
			escape_xml(b, steps[i] + lines[i][k].off,
			    lines[i][k].len);
			buf_puts(b, "</tspan>");
		}
		buf_puts(b, "</text></g>\n");
		y += bh;
		if (i + 1 < nsteps) {
			buf_printf(b, "<path d=\"M%d %dV%d\" stroke=\"%s\" "
			    "stroke-width=\"2\" marker-end=\"url(#",
			    FC_WIDTH / 2, y, y + FC_GAP - 2, FC_BOX_STROKE);
			text_esc(b, id);
			buf_puts(b, "-arrow)\"/>\n");
			y += FC_GAP;
		}
	}
	buf_puts(b, "</svg>");
	free(lines);
	free(nlines);
}
