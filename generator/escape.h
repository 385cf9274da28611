#ifndef GONGKAI_ESCAPE_H
#define GONGKAI_ESCAPE_H
/*
 * escape: the only way user text enters HTML or URLs.
 *
 * escape_html  appends p[0..n) with & < > " escaped (safe in text and in
 *              double-quoted attributes).
 * escape_href  appends a URL for an href/src attribute: bytes outside the
 *              URL-safe set are percent-encoded (UTF-8 byte by byte),
 *              existing %XX escapes are kept, and & ' are HTML-escaped.
 * escape_url_component  percent-encodes everything but unreserved
 *              characters (RFC 3986 §2.3); for path segments and queries.
 * escape_url_path  as escape_url_component but keeps '/': for the paths
 *              of built pages ("/faq/常見問題/" -> "/faq/%E5%B8%B8…/").
 * escape_xml   as escape_html, plus ' (for XML attributes and text).
 */
#include <stddef.h>

#include "buf.h"

void	escape_html(struct buf *out, const char *p, size_t n);
void	escape_href(struct buf *out, const char *p, size_t n);
void	escape_url_component(struct buf *out, const char *p, size_t n);
void	escape_url_path(struct buf *out, const char *p, size_t n);
void	escape_xml(struct buf *out, const char *p, size_t n);

#endif
