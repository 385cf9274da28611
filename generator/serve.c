/*
 * serve: HTTP for `gongkai serve` on libmicrohttpd, with Server-Sent
 * Events for reloading and a page for build errors. See serve.h.
 */
#include "serve.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <dlfcn.h>
#include <microhttpd.h>

#include "buf.h"
#include "escape.h"
#include "fs.h"
#include "util.h"

/*
 * libmicrohttpd is loaded when a server starts (dlopen), not with the
 * binary: it and the GnuTLS it brings (ten libraries) were 2 ms of
 * starting every build, which never serves. Its functions, with the
 * header's prototypes; the calls below go through this table.
 */
#ifndef MHD_SONAME
#define MHD_SONAME	"libmicrohttpd.so.12"	/* config.mk finds it */
#endif
static struct {
	__typeof__(&MHD_start_daemon)			start_daemon;
	__typeof__(&MHD_stop_daemon)			stop_daemon;
	__typeof__(&MHD_get_daemon_info)		get_daemon_info;
	__typeof__(&MHD_lookup_connection_value)	lookup_connection_value;
	__typeof__(&MHD_create_response_from_buffer)	create_response_from_buffer;
	__typeof__(&MHD_create_response_from_callback)	create_response_from_callback;
	__typeof__(&MHD_create_response_from_fd)	create_response_from_fd;
	__typeof__(&MHD_add_response_header)		add_response_header;
	__typeof__(&MHD_queue_response)			queue_response;
	__typeof__(&MHD_destroy_response)		destroy_response;
} mhd;
static pthread_once_t mhd_once = PTHREAD_ONCE_INIT;
static char mhd_error[256];

/* dlsym's object pointer into a function pointer, as POSIX shows it */
#define MHD_LOAD(h, field, name) \
	(*(void **)(&mhd.field) = dlsym((h), (name))) != NULL

static void
mhd_open(void)
{
	void *h = dlopen(MHD_SONAME, RTLD_NOW | RTLD_LOCAL);
	const char *e;

	if (h != NULL && MHD_LOAD(h, start_daemon, "MHD_start_daemon") &&
	    MHD_LOAD(h, stop_daemon, "MHD_stop_daemon") &&
	    MHD_LOAD(h, get_daemon_info, "MHD_get_daemon_info") &&
	    MHD_LOAD(h, lookup_connection_value,
	    "MHD_lookup_connection_value") &&
	    MHD_LOAD(h, create_response_from_buffer,
	    "MHD_create_response_from_buffer") &&
	    MHD_LOAD(h, create_response_from_callback,
	    "MHD_create_response_from_callback") &&
	    MHD_LOAD(h, create_response_from_fd,
	    "MHD_create_response_from_fd") &&
	    MHD_LOAD(h, add_response_header, "MHD_add_response_header") &&
	    MHD_LOAD(h, queue_response, "MHD_queue_response") &&
	    MHD_LOAD(h, destroy_response, "MHD_destroy_response"))
		return;
	e = dlerror();
	snprintf(mhd_error, sizeof(mhd_error), "%s", e != NULL ? e :
	    MHD_SONAME);
	memset(&mhd, 0, sizeof(mhd));
}

/* 0 when libmicrohttpd is loaded; else -1 after saying why. */
static int
mhd_ready(void)
{
	pthread_once(&mhd_once, mhd_open);
	if (mhd.start_daemon != NULL)
		return 0;
	fprintf(stderr, "gongkai serve: 無法載入 libmicrohttpd，請安裝 Debian 套件 "
	    "libmicrohttpd12 (cannot load libmicrohttpd): %s\n", mhd_error);
	return -1;
}

#define MHD_start_daemon		(*mhd.start_daemon)
#define MHD_stop_daemon			(*mhd.stop_daemon)
#define MHD_get_daemon_info		(*mhd.get_daemon_info)
#define MHD_lookup_connection_value	(*mhd.lookup_connection_value)
#define MHD_create_response_from_buffer	(*mhd.create_response_from_buffer)
#define MHD_create_response_from_callback (*mhd.create_response_from_callback)
#define MHD_create_response_from_fd	(*mhd.create_response_from_fd)
#define MHD_add_response_header		(*mhd.add_response_header)
#define MHD_queue_response		(*mhd.queue_response)
#define MHD_destroy_response		(*mhd.destroy_response)

/* Connections at once: each is a thread (open pages hold one for their
 * event stream), and a preview has one editor. */
#define SERVE_MAX_CONNECTIONS	64
/* An idle connection is closed after this many seconds. */
#define SERVE_IDLE_TIMEOUT	60
/* An event stream sends a comment this often, so a closed tab is noticed
 * and its thread ends. */
#define SERVE_PING_SECONDS	10

#define EVENTS_PATH	"/__gongkai/events"
#define SCRIPT_PATH	"/__gongkai/reload.js"

struct server {
	struct MHD_Daemon	*d;
	char			*root;		/* real path of the folder */
	int			 port;
	pthread_mutex_t		 lock;		/* guards what follows */
	pthread_cond_t		 changed;
	unsigned long		 gen;		/* builds so far */
	char			*errors;	/* NULL: the last build was good */
	char			*base;		/* "/" or "/x/" */
	int			 stopping;
};

/* The page asks for the events since the build it was served from, so a
 * rebuild between loading the page and connecting is not missed. */
static const char reload_js[] =
    "/* gongkai serve: reload this page after each rebuild (preview only) */\n"
    "(function () {\n"
    "\tvar s = document.currentScript;\n"
    "\tvar gen = s ? s.getAttribute(\"data-gen\") || \"\" : \"\";\n"
    "\tif (!window.EventSource)\n"
    "\t\treturn;\n"
    "\tvar es = new EventSource(\"" EVENTS_PATH "?since=\" + "
    "encodeURIComponent(gen));\n"
    "\tes.addEventListener(\"reload\", function () {\n"
    "\t\tes.close();\n"
    "\t\tlocation.reload();\n"
    "\t});\n"
    "})();\n";

/* ------------------------------------------------------------------ */
/* Types and paths                                                     */

static const struct {
	const char	*ext;
	const char	*type;
} mime_types[] = {
	{ "html", "text/html; charset=utf-8" },
	{ "htm", "text/html; charset=utf-8" },
	{ "css", "text/css; charset=utf-8" },
	{ "js", "text/javascript; charset=utf-8" },
	{ "mjs", "text/javascript; charset=utf-8" },
	{ "json", "application/json" },
	{ "xml", "application/xml; charset=utf-8" },
	{ "svg", "image/svg+xml" },
	{ "txt", "text/plain; charset=utf-8" },
	{ "csv", "text/csv; charset=utf-8" },
	{ "png", "image/png" },
	{ "jpg", "image/jpeg" },
	{ "jpeg", "image/jpeg" },
	{ "gif", "image/gif" },
	{ "webp", "image/webp" },
	{ "ico", "image/x-icon" },
	{ "woff", "font/woff" },
	{ "woff2", "font/woff2" },
	{ "ttf", "font/ttf" },
	{ "otf", "font/otf" },
	{ "pdf", "application/pdf" },
	{ "odt", "application/vnd.oasis.opendocument.text" },
	{ "ods", "application/vnd.oasis.opendocument.spreadsheet" },
	{ "odp", "application/vnd.oasis.opendocument.presentation" },
	{ "doc", "application/msword" },
	{ "docx", "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document" },
	{ "xls", "application/vnd.ms-excel" },
	{ "xlsx", "application/vnd.openxmlformats-officedocument."
	    "spreadsheetml.sheet" },
	{ "zip", "application/zip" },
	{ "mp4", "video/mp4" },
	{ "webm", "video/webm" },
	{ "mp3", "audio/mpeg" },
	{ "vtt", "text/vtt; charset=utf-8" },
};

const char *
serve_mime_type(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash : path, '.');
	size_t i;

	if (dot != NULL)
		for (i = 0; i < NELEM(mime_types); i++)
			if (strcasecmp(dot + 1, mime_types[i].ext) == 0)
				return mime_types[i].type;
	return "application/octet-stream";
}

static int
is_html(const char *type)
{
	return strncmp(type, "text/html", 9) == 0;
}

/* libmicrohttpd has already decoded %2e and %2f, so "..%2f" and
 * "%2e%2e/" arrive here as "../". */
int
serve_path_safe(const char *p)
{
	const char *seg = p;

	for (;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t n = (size_t)(p - seg);

			if ((n == 1 && seg[0] == '.') ||
			    (n == 2 && seg[0] == '.' && seg[1] == '.'))
				return 0;
			if (*p == '\0')
				return 1;
			seg = p + 1;
		} else if (*p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f) {
			return 0;
		}
	}
}

/* A segment starting with '.' (the output marker, a dot file). */
static int
path_hidden(const char *p)
{
	return strstr(p, "/.") != NULL || p[0] == '.';
}

/* ------------------------------------------------------------------ */
/* Responses                                                           */

static enum MHD_Result
send_buf(struct MHD_Connection *c, unsigned int status, const char *type,
    struct buf *b, const char *location)
{
	size_t len = b->len;
	char *data = buf_detach(b);
	struct MHD_Response *r;
	enum MHD_Result ret;

	r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	if (r == NULL) {
		free(data);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	if (location != NULL)
		MHD_add_response_header(r, "Location", location);
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static void
reload_tag(struct buf *out, unsigned long gen)
{
	buf_printf(out, "<script src=\"" SCRIPT_PATH "\" data-gen=\"%lu\">"
	    "</script>\n", gen);
}

/*
 * The reload script is added here, while serving, rather than by the
 * renderer: the build folder then holds exactly what `gongkai build`
 * writes (the checks and the check cache see the same bytes, and no
 * build option can leak the script into a published site), and only
 * responses of `gongkai serve` ever carry it. It goes before the last
 * </body> (a literal "</body>" in page text is escaped, so the last one
 * is the element's end), or at the end of a page without one.
 */
static void
inject(struct buf *page, unsigned long gen)
{
	struct buf tag = BUF_INIT, out = BUF_INIT;
	size_t i, at = page->len;

	reload_tag(&tag, gen);
	for (i = page->len; i >= 7; i--)
		if (strncasecmp(page->data + i - 7, "</body>", 7) == 0) {
			at = i - 7;
			break;
		}
	buf_append(&out, page->data, at);
	buf_append(&out, tag.data, tag.len);
	buf_append(&out, page->data + at, page->len - at);
	buf_free(&tag);
	buf_free(page);
	*page = out;
}

static void
page_head(struct buf *b, const char *title)
{
	buf_puts(b, "<!DOCTYPE html>\n<html lang=\"zh-Hant-TW\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	escape_html(b, title, strlen(title));
	buf_puts(b, "</title>\n<style>body{font-family:sans-serif;margin:2rem;"
	    "line-height:1.6;color:#1a1a1a;background:#fff}code{font-size:1rem}"
	    "li{margin:.5rem 0}.error{color:#a00000}.warning{color:#6b4e00}"
	    "</style>\n</head>\n<body>\n<main>\n");
}

void
serve_error_page(struct buf *out, const char *diagnostics,
    const char *reload)
{
	const char *p = diagnostics ? diagnostics : "";
	size_t nerr = 0;

	page_head(out, "建置失敗 (build failed) - gongkai serve");
	buf_puts(out, "<h1>建置失敗 (build failed)</h1>\n<p>網站有錯誤，"
	    "修正後此頁會自動重新載入。(The site has errors; this page reloads "
	    "when they are fixed.)</p>\n<ol>\n");
	while (*p != '\0') {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		/* path:line:col: kind: message; the path may hold ':' only
		 * before the line number, so split at ": error: " */
		const char *kinds[] = { ": error: ", ": warning: " };
		const char *hit = NULL, *kind = NULL;
		size_t k;

		for (k = 0; k < 2 && hit == NULL; k++) {
			const char *h = strstr(p, kinds[k]);

			if (h != NULL && h < p + len) {
				hit = h;
				kind = k == 0 ? "error" : "warning";
			}
		}
		if (len > 0) {
			buf_puts(out, "<li>");
			if (hit != NULL) {
				size_t klen = strlen(kind) + 4;

				buf_puts(out, "<code>");
				escape_html(out, p, (size_t)(hit - p));
				buf_printf(out, "</code>: <strong class=\"%s\">%s"
				    "</strong>: ", kind, kind);
				escape_html(out, hit + klen, len - (size_t)(hit +
				    klen - p));
				nerr += kind[0] == 'e';
			} else {
				escape_html(out, p, len);
			}
			buf_puts(out, "</li>\n");
		}
		p += len + (nl != NULL);
	}
	buf_puts(out, "</ol>\n");
	if (nerr == 0)
		buf_puts(out, "<p>詳細訊息請看執行 gongkai serve 的終端機。(See the "
		    "terminal running gongkai serve for details.)</p>\n");
	buf_puts(out, "</main>\n");
	buf_puts(out, reload);
	buf_puts(out, "</body>\n</html>\n");
}

static enum MHD_Result
send_error_page(struct server *s, struct MHD_Connection *c)
{
	struct buf b = BUF_INIT, tag = BUF_INIT;

	pthread_mutex_lock(&s->lock);
	reload_tag(&tag, s->gen);
	serve_error_page(&b, s->errors, buf_cstr(&tag));
	pthread_mutex_unlock(&s->lock);
	buf_free(&tag);
	return send_buf(c, MHD_HTTP_INTERNAL_SERVER_ERROR,
	    "text/html; charset=utf-8", &b, NULL);
}

static enum MHD_Result
send_status(struct server *s, struct MHD_Connection *c, unsigned int status,
    const char *path)
{
	struct buf b = BUF_INIT;
	unsigned long gen;
	const char *title = status == MHD_HTTP_FORBIDDEN ?
	    "拒絕存取 (forbidden)" : status == MHD_HTTP_METHOD_NOT_ALLOWED ?
	    "不支援的方法 (method not allowed)" : "找不到網頁 (not found)";

	pthread_mutex_lock(&s->lock);
	gen = s->gen;
	pthread_mutex_unlock(&s->lock);
	/* the site's own 404 page, when it has one */
	if (status == MHD_HTTP_NOT_FOUND) {
		char *p = fs_join(s->root, "404.html");

		if (fs_read_file(p, &b) == 0) {
			free(p);
			inject(&b, gen);
			return send_buf(c, status, "text/html; charset=utf-8",
			    &b, NULL);
		}
		free(p);
		buf_reset(&b);
	}
	page_head(&b, title);
	buf_puts(&b, "<h1>");
	escape_html(&b, title, strlen(title));
	buf_puts(&b, "</h1>\n<p><code>");
	escape_html(&b, path, strlen(path));
	buf_puts(&b, "</code></p>\n<p><a href=\"/\">回首頁 (home)</a></p>\n"
	    "</main>\n");
	reload_tag(&b, gen);
	buf_puts(&b, "</body>\n</html>\n");
	return send_buf(c, status, "text/html; charset=utf-8", &b, NULL);
}

static enum MHD_Result
send_redirect(struct MHD_Connection *c, unsigned int status,
    const char *path)
{
	struct buf loc = BUF_INIT, body = BUF_INIT;
	enum MHD_Result r;

	escape_url_path(&loc, path, strlen(path));
	buf_puts(&body, "<!DOCTYPE html>\n<title>moved</title>\n<a href=\"");
	escape_html(&body, loc.data, loc.len);
	buf_puts(&body, "\">");
	escape_html(&body, loc.data, loc.len);
	buf_puts(&body, "</a>\n");
	r = send_buf(c, status, "text/html; charset=utf-8", &body,
	    buf_cstr(&loc));
	buf_free(&loc);
	return r;
}

/* ------------------------------------------------------------------ */
/* Server-Sent Events                                                  */

struct stream {
	struct server	*s;
	unsigned long	 since;		/* the build the page was served from */
	int		 hello;
};

static ssize_t
stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *st = cls;
	struct server *s = st->s;
	ssize_t n = MHD_CONTENT_READER_END_OF_STREAM;
	struct timespec until;
	int r;

	(void)pos;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += SERVE_PING_SECONDS;
	pthread_mutex_lock(&s->lock);
	for (;;) {
		if (s->stopping)
			break;
		if (!st->hello) {
			st->hello = 1;
			n = snprintf(out, max, "retry: 1000\n: gongkai\n\n");
			break;
		}
		if (s->gen > st->since) {
			st->since = s->gen;
			n = snprintf(out, max, "event: reload\ndata: %lu\n\n",
			    s->gen);
			break;
		}
		r = pthread_cond_timedwait(&s->changed, &s->lock, &until);
		if (r == ETIMEDOUT) {
			n = snprintf(out, max, ": ping\n\n");
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	if (n > 0 && (size_t)n >= max)
		n = MHD_CONTENT_READER_END_WITH_ERROR;
	return n;
}

static void
stream_free(void *cls)
{
	free(cls);
}

static enum MHD_Result
send_events(struct server *s, struct MHD_Connection *c)
{
	struct stream *st = xcalloc(1, sizeof(*st));
	const char *since = MHD_lookup_connection_value(c,
	    MHD_GET_ARGUMENT_KIND, "since");
	struct MHD_Response *r;
	enum MHD_Result ret;
	char *end;

	st->s = s;
	pthread_mutex_lock(&s->lock);
	st->since = s->gen;
	pthread_mutex_unlock(&s->lock);
	if (since != NULL && since[0] != '\0') {
		unsigned long v = strtoul(since, &end, 10);

		if (*end == '\0' && v < st->since)
			st->since = v;
	}
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256,
	    stream_read, st, stream_free);
	if (r == NULL) {
		free(st);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ------------------------------------------------------------------ */
/* Files                                                               */

/* An HTML page from the preview, when the request asks for one. */
static int
wants_page(const char *rel)
{
	size_t n = strlen(rel);

	return n == 0 || rel[n - 1] == '/' || is_html(serve_mime_type(rel));
}

static enum MHD_Result
send_file(struct server *s, struct MHD_Connection *c, const char *url,
    const char *rel, int broken)
{
	char *path, *real = NULL;
	const char *type;
	struct stat st;
	struct MHD_Response *r;
	enum MHD_Result ret;
	size_t n = strlen(rel);
	int fd = -1;

	if (broken && wants_page(rel))
		return send_error_page(s, c);
	if (n == 0) {
		path = fs_join(s->root, "index.html");
	} else if (rel[n - 1] == '/') {
		char *dir = fs_join(s->root, rel);

		path = fs_join(dir, "index.html");
		free(dir);
	} else {
		path = fs_join(s->root, rel);
	}
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		struct buf to = BUF_INIT;

		free(path);
		buf_printf(&to, "%s/", url);
		ret = send_redirect(c, MHD_HTTP_MOVED_PERMANENTLY, to.data);
		buf_free(&to);
		return ret;
	}
	/* inside the folder once symlinks are resolved, or not at all */
	real = realpath(path, NULL);
	free(path);
	if (real == NULL || strncmp(real, s->root, strlen(s->root)) != 0 ||
	    real[strlen(s->root)] != '/' ||
	    (fd = open(real, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		free(real);
		return broken ? send_error_page(s, c) :
		    send_status(s, c, MHD_HTTP_NOT_FOUND, url);
	}
	type = serve_mime_type(real);
	free(real);
	if (is_html(type)) {
		struct buf b = BUF_INIT;
		unsigned long gen;
		ssize_t got;
		char chunk[16384];

		while ((got = read(fd, chunk, sizeof(chunk))) > 0)
			buf_append(&b, chunk, (size_t)got);
		close(fd);
		pthread_mutex_lock(&s->lock);
		gen = s->gen;
		pthread_mutex_unlock(&s->lock);
		inject(&b, gen);
		return send_buf(c, MHD_HTTP_OK, type, &b, NULL);
	}
	/* libmicrohttpd owns fd from here, also on failure */
	r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct server *s = cls;
	static int first_call;
	char *base;
	size_t blen;
	int broken;
	enum MHD_Result ret;

	(void)version;
	(void)upload;
	/* the first call only sees the headers */
	if (*state == NULL) {
		*state = &first_call;
		return MHD_YES;
	}
	if (*upload_size != 0) {
		*upload_size = 0;	/* a body we do not read */
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 &&
	    strcmp(method, MHD_HTTP_METHOD_HEAD) != 0)
		return send_status(s, c, MHD_HTTP_METHOD_NOT_ALLOWED, url);
	if (url[0] != '/' || !serve_path_safe(url))
		return send_status(s, c, MHD_HTTP_FORBIDDEN, url);
	if (strcmp(url, EVENTS_PATH) == 0)
		return send_events(s, c);
	if (strcmp(url, SCRIPT_PATH) == 0) {
		struct buf b = BUF_INIT;

		buf_puts(&b, reload_js);
		return send_buf(c, MHD_HTTP_OK, "text/javascript; charset=utf-8",
		    &b, NULL);
	}
	if (path_hidden(url))
		return send_status(s, c, MHD_HTTP_NOT_FOUND, url);
	pthread_mutex_lock(&s->lock);
	base = xstrdup(s->base);
	broken = s->errors != NULL;
	pthread_mutex_unlock(&s->lock);
	blen = strlen(base);
	if (strncmp(url, base, blen) == 0)
		ret = send_file(s, c, url, url + blen, broken);
	else if (strcmp(url, "/") == 0 || strncmp(url, base, blen - 1) == 0)
		ret = send_redirect(c, MHD_HTTP_FOUND, base);
	else
		ret = broken ? send_error_page(s, c) :
		    send_status(s, c, MHD_HTTP_NOT_FOUND, url);
	free(base);
	return ret;
}

/* ------------------------------------------------------------------ */
/* The server                                                          */

struct server *
server_start(const char *bind_addr, int port, const char *root)
{
	struct server *s;
	struct sockaddr_in in4;
	struct sockaddr_in6 in6;
	const struct sockaddr *sa;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_THREAD_PER_CONNECTION;	/* our own messages, in Chinese */
	const union MHD_DaemonInfo *info;
	char *real;

	if (mhd_ready() < 0)
		return NULL;
	memset(&in4, 0, sizeof(in4));
	memset(&in6, 0, sizeof(in6));
	if (strcmp(bind_addr, "localhost") == 0)
		bind_addr = "127.0.0.1";
	if (inet_pton(AF_INET, bind_addr, &in4.sin_addr) == 1) {
		in4.sin_family = AF_INET;
		in4.sin_port = htons((uint16_t)port);
		sa = (const struct sockaddr *)&in4;
	} else if (inet_pton(AF_INET6, bind_addr, &in6.sin6_addr) == 1) {
		in6.sin6_family = AF_INET6;
		in6.sin6_port = htons((uint16_t)port);
		sa = (const struct sockaddr *)&in6;
		flags |= MHD_USE_IPv6;
	} else {
		fprintf(stderr, "gongkai serve: --bind 需要 IP 位址，例如 127.0.0.1 "
		    "(--bind needs an IP address): %s\n", bind_addr);
		return NULL;
	}
	if ((real = realpath(root, NULL)) == NULL) {
		fprintf(stderr, "gongkai serve: %s: %s\n", root, strerror(errno));
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->root = real;
	s->base = xstrdup("/");
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->changed, NULL);
	s->d = MHD_start_daemon(flags, (uint16_t)port, NULL, NULL, on_request,
	    s, MHD_OPTION_SOCK_ADDR, sa,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)SERVE_MAX_CONNECTIONS,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)SERVE_IDLE_TIMEOUT,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		fprintf(stderr, "gongkai serve: 無法在 %s 連接埠 %d 提供服務，"
		    "可能已被使用，請以 --port 換一個 (cannot listen on %s port "
		    "%d; in use? try --port)\n", bind_addr, port, bind_addr, port);
		server_stop(s);
		return NULL;
	}
	info = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info != NULL && info->port != 0 ? info->port : port;
	return s;
}

int
server_port(const struct server *s)
{
	return s->port;
}

void
server_set_base(struct server *s, const char *base_path)
{
	pthread_mutex_lock(&s->lock);
	free(s->base);
	s->base = xstrdup(base_path != NULL && base_path[0] == '/' ?
	    base_path : "/");
	pthread_mutex_unlock(&s->lock);
}

void
server_set_errors(struct server *s, const char *diagnostics)
{
	pthread_mutex_lock(&s->lock);
	free(s->errors);
	s->errors = diagnostics != NULL ? xstrdup(diagnostics) : NULL;
	pthread_mutex_unlock(&s->lock);
}

void
server_reload(struct server *s)
{
	pthread_mutex_lock(&s->lock);
	s->gen++;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
}

void
server_stop(struct server *s)
{
	if (s == NULL)
		return;
	/* the event streams end first, or their threads would keep
	 * MHD_stop_daemon waiting */
	pthread_mutex_lock(&s->lock);
	s->stopping = 1;
	pthread_cond_broadcast(&s->changed);
	pthread_mutex_unlock(&s->lock);
	if (s->d != NULL)
		MHD_stop_daemon(s->d);
	pthread_cond_destroy(&s->changed);
	pthread_mutex_destroy(&s->lock);
	free(s->errors);
	free(s->base);
	free(s->root);
	free(s);
}
