#ifndef GONGKAI_SERVE_H
#define GONGKAI_SERVE_H
/*
 * serve: the HTTP side of `gongkai serve` (libmicrohttpd, the only file
 * that includes <microhttpd.h>).
 *
 * It serves the files of one folder (the preview build) and nothing else:
 * a request whose decoded path has a "." or ".." segment or a backslash
 * is refused with 403 (libmicrohttpd decodes %2e%2e and %2F before we
 * see the path, so encoded forms are refused the same way), hidden files
 * are not found, and a file whose real path (symlinks resolved) is not
 * inside the folder is not found either. Paths are served under the
 * site's base path ("/agency/" in base_url serves the folder at
 * /agency/; "/" redirects there).
 *
 * HTML pages get the reload script before </body>; /__gongkai/events is
 * a Server-Sent Events stream that sends "event: reload" after each
 * rebuild (server_reload). While the last build failed, pages are
 * replaced by a page listing its diagnostics (server_set_errors).
 * Missing files get the site's 404.html, else a built-in page, with
 * status 404. Every response says Cache-Control: no-store.
 */
#include <stddef.h>

struct buf;
struct server;

/*
 * Listen on bind_addr:port (IPv4 or IPv6 literal, or "localhost";
 * port 0 picks a free one) and serve root. Returns NULL with a message
 * printed when the address is invalid or taken.
 */
struct server	*server_start(const char *bind_addr, int port,
		    const char *root);
/* The port actually bound. */
int	server_port(const struct server *s);
/* The site's base path ("/" or "/x/"), after each build. */
void	server_set_base(struct server *s, const char *base_path);
/* The diagnostics of a failed build ("path:line:col: error: message"
 * lines), or NULL once a build succeeded. Copied. */
void	server_set_errors(struct server *s, const char *diagnostics);
/* Tell every open page to reload. */
void	server_reload(struct server *s);
/* Close every connection and free s. */
void	server_stop(struct server *s);

/* 1 when a decoded request path may name a file: no backslash (a
 * Windows separator), no "." or ".." segment, no control character. */
int	serve_path_safe(const char *path);
/* The Content-Type for a file name, by extension (case-insensitive);
 * application/octet-stream when unknown. */
const char	*serve_mime_type(const char *path);

/*
 * The page that lists a failed build's diagnostics, into out: one item
 * per line of diagnostics, its path:line:col and message escaped.
 * reload_tag is put before </body> (the reload script, or "").
 */
void	serve_error_page(struct buf *out, const char *diagnostics,
	    const char *reload_tag);

#endif
