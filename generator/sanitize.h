#ifndef GONGKAI_SANITIZE_H
#define GONGKAI_SANITIZE_H
/*
 * sanitize: raw HTML that an agency's Markdown lets through
 * (markdown.unsafe: true), made safe to publish, and the one test of
 * whether a URL may be emitted at all.
 *
 * Contract of the HTML sanitizer. Input is a fragment (md4c and cmark-gfm
 * hand over raw HTML blocks and inline tags, md4c line by line). The
 * output:
 *  - keeps text and entities as they are, and well-formed tags rebuilt
 *    from their parts: the name lowercased, every kept attribute as
 *    name="value" (the value's bytes as written, '"' and '<' as entities);
 *  - drops script, style, iframe, object, applet, frameset, noscript,
 *    noembed, noframes, template, xmp and plaintext with everything
 *    inside them; drops the tags embed, frame, base, meta, link, param
 *    and SVG's set, animate*, handler and listener;
 *  - drops comments, CDATA sections, <!...> and <?...> (conditional
 *    comments and bogus comments hide markup from one parser but not
 *    another);
 *  - drops every on* attribute, every attribute whose name is not a
 *    plain name, style attributes containing expression(, url(,
 *    javascript:, behavior or -moz-binding, and URL attributes (href, src,
 *    action, formaction, xlink:href, srcset, poster, background, cite,
 *    data, codebase, longdesc, lowsrc, dynsrc, ping, manifest, icon,
 *    usemap, archive, classid, profile, values, to, from, by) whose URL
 *    is not sanitize_url_ok (data:image only on img and source src and
 *    srcset);
 *  - writes a '<' that starts no tag, and a tag left unfinished at the
 *    end, as text (&lt;).
 * Attribute quoting, letter case, character references in values
 * (jav&#x61;script:, &#106;, &colon;, &Tab;) and tabs, newlines and other
 * control characters inside a scheme are all seen through.
 *
 * The sanitizer is streaming: sanitizer_feed may be called with pieces
 * (a tag split across pieces is completed by the next), and
 * sanitizer_end flushes and resets; out is appended to. Spec mode (gongkai
 * md --spec, the CommonMark conformance runs) does not use it.
 */
#include <stddef.h>

#include "buf.h"

struct sanitizer {
	struct buf	pending;	/* an unfinished construct */
	char		skip[16];	/* dropping up to </skip>; "" none */
};

#define SANITIZER_INIT	{ BUF_INIT, "" }

void	sanitizer_feed(struct sanitizer *z, struct buf *out, const char *p,
	    size_t n);
void	sanitizer_end(struct sanitizer *z, struct buf *out);
/* Frees what sanitizer_end left (nothing but the pending buffer). */
void	sanitizer_free(struct sanitizer *z);
/* The whole of p[0..n) as one fragment. */
void	sanitize_html(struct buf *out, const char *p, size_t n);

/*
 * 1 if the URL p[0..n) may be emitted: its scheme, after character
 * references are decoded and leading blanks, tabs, newlines and control
 * characters removed, is not javascript:, vbscript:, livescript:, mocha:,
 * file: or data: (data:image/png, gif, jpeg, webp and avif are allowed
 * when image is set: an <img> source). 0 otherwise.
 */
int	sanitize_url_ok(const char *p, size_t n, int image);

#endif
