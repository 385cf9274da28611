/*
 * gongkai serve: build the site into a temporary folder, serve it on
 * loopback (serve.c), rebuild when its sources change (watch.c) and
 * reload the open pages. public/ is never touched.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "build.h"
#include "commands.h"
#include "config.h"
#include "diag.h"
#include "fs.h"
#include "progress.h"
#include "serve.h"
#include "util.h"
#include "watch.h"

/* How often the main loop looks at the stop flag while nothing changes. */
#define SERVE_TICK_MS	250

static volatile sig_atomic_t stop_signal;

static void
on_signal(int sig)
{
	stop_signal = sig;
}

static int
usage(const char *msg, const char *arg)
{
	if (msg != NULL)
		fprintf(stderr, "gongkai serve: %s%s%s\n", msg, arg ? " " : "",
		    arg ? arg : "");
	fputs("用法 (usage): gongkai serve [--site DIR] [--bind ADDR] "
	    "[--port N] [--no-check]\n", msg != NULL ? stderr : stdout);
	return 2;
}

/* The base path of site.yaml's base_url: the build reports its errors,
 * so read it quietly. */
static void
update_base(struct server *srv, const char *site_dir)
{
	struct config cfg;

	memset(&cfg, 0, sizeof(cfg));
	diag_suspend();
	config_load(site_dir, &cfg);
	diag_resume();
	server_set_base(srv, cfg.base_path);
	config_free(&cfg);
}

struct preview {
	const char	*site_dir;
	char		*out;
	int		 no_check;
	struct server	*srv;
};

/* Build once; the diagnostics go to the terminal and, when the build
 * failed, to the browser. Returns build_site's status. */
static int
rebuild(struct preview *pv, int first)
{
	struct build_request req;
	struct buf diags = BUF_INIT;
	struct progress pr;
	struct build_progress bp = { progress_page, &pr };
	double t0 = now_ms(), secs;
	int rc;

	memset(&req, 0, sizeof(req));
	req.site_dir = pv->site_dir;
	req.out_dir = pv->out;
	req.no_check = pv->no_check;
	progress_init(&pr);
	if (progress_tty())
		req.progress = &bp;
	diag_capture(&diags);
	rc = build_site(&req);
	diag_capture(NULL);
	progress_clear(&pr);
	fwrite(diags.data ? diags.data : "", 1, diags.len, stderr);
	secs = (now_ms() - t0) / 1e3;
	if (rc == 0) {
		fprintf(stderr, "gongkai serve: %s %zu 頁（%zu 個檔案有變動），"
		    "費時 %.2f 秒；%zu 個警告 (%s: %zu pages, %zu files changed, "
		    "%.2f s, %zu warnings)\n", first ? "已建置" : "已重新建置",
		    req.pages, req.changed, secs, diag_warnings(), first ?
		    "built" : "rebuilt", req.pages, req.changed, secs,
		    diag_warnings());
		if (pv->srv != NULL)
			server_set_errors(pv->srv, NULL);
	} else {
		fprintf(stderr, "gongkai serve: 建置失敗：%zu 個錯誤，瀏覽器會顯示"
		    "錯誤清單，修正後自動重新載入 (build failed: %zu errors; the "
		    "browser lists them until they are fixed)\n", diag_errors(),
		    diag_errors());
		if (diags.len == 0)
			buf_printf(&diags, "%s:1:1: error: 無法寫出預覽資料夾 "
			    "(cannot write the preview folder)\n", pv->out);
		if (pv->srv != NULL)
			server_set_errors(pv->srv, diags.data);
	}
	if (pv->srv != NULL)
		update_base(pv->srv, pv->site_dir);
	buf_free(&diags);
	return rc;
}

int
cmd_serve(int argc, char **argv)
{
	struct preview pv;
	const char *bind_addr = "127.0.0.1", *tmpdir;
	struct watch *w = NULL;
	struct sigaction sa;
	sigset_t block, old;
	char *tmp = NULL, *end, *site_yaml;
	long port = 1313;
	int i, rc = 2;

	memset(&pv, 0, sizeof(pv));
	pv.site_dir = ".";
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--site") == 0 || strcmp(a, "-s") == 0) {
			if (++i >= argc)
				return usage("--site 需要資料夾 (needs DIR)", NULL);
			pv.site_dir = argv[i];
		} else if (strcmp(a, "--bind") == 0) {
			if (++i >= argc)
				return usage("--bind 需要位址 (needs ADDR)", NULL);
			bind_addr = argv[i];
		} else if (strcmp(a, "--port") == 0 || strcmp(a, "-p") == 0) {
			if (++i >= argc)
				return usage("--port 需要 0 到 65535 的數字 "
				    "(needs N)", NULL);
			port = strtol(argv[i], &end, 10);
			if (argv[i][0] == '\0' || *end != '\0' || port < 0 ||
			    port > 65535)
				return usage("--port 需要 0 到 65535 的數字 "
				    "(needs N)", argv[i]);
		} else if (strcmp(a, "--no-check") == 0) {
			pv.no_check = 1;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage(NULL, NULL);
			return 0;
		} else {
			return usage("未知的選項 (unknown option)", a);
		}
	}
	site_yaml = fs_join(pv.site_dir, "site.yaml");
	if (!fs_is_file(site_yaml)) {
		diag_error(site_yaml, 0, 0, "找不到 site.yaml，請以 --site 指定網站"
		    "資料夾 (no site.yaml; use --site DIR)");
		free(site_yaml);
		return 1;
	}
	free(site_yaml);

	/* the preview lives in a folder of its own, never in public/ */
	tmpdir = getenv("TMPDIR");
	tmp = xmalloc(strlen(tmpdir && tmpdir[0] ? tmpdir : "/tmp") + 32);
	sprintf(tmp, "%s/gongkai-serve-XXXXXX", tmpdir && tmpdir[0] ?
	    tmpdir : "/tmp");
	if (mkdtemp(tmp) == NULL) {
		fprintf(stderr, "gongkai serve: 無法建立暫存資料夾 (cannot create "
		    "a temporary folder) %s: %s\n", tmp, strerror(errno));
		free(tmp);
		return 2;
	}
	pv.out = fs_join(tmp, "public");
	if (fs_mkdir_p(pv.out) < 0)
		goto out;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;	/* poll() in watch_wait still wakes */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	/* the server's threads leave the signals to this one */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	pv.srv = server_start(bind_addr, (int)port, pv.out);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (pv.srv == NULL)
		goto out;
	rebuild(&pv, 1);
	if ((w = watch_open(pv.site_dir)) == NULL)
		goto out;
	fprintf(stderr, "gongkai serve: 預覽網址 http://%s%s%s:%d/ ，按 Ctrl+C "
	    "結束 (serving the preview; Ctrl+C stops)\n",
	    strchr(bind_addr, ':') ? "[" : "", bind_addr,
	    strchr(bind_addr, ':') ? "]" : "", server_port(pv.srv));
	while (!stop_signal) {
		int r = watch_wait(w, SERVE_TICK_MS);

		if (stop_signal)
			break;
		if (r > 0) {
			rebuild(&pv, 0);
			server_reload(pv.srv);
		}
	}
	rc = 0;
out:
	server_stop(pv.srv);
	watch_close(w);
	if (fs_remove_tree(tmp) < 0)
		fprintf(stderr, "gongkai serve: 無法移除暫存資料夾 (cannot remove "
		    "the temporary folder) %s: %s\n", tmp, strerror(errno));
	else if (rc == 0)
		fprintf(stderr, "gongkai serve: 已停止，暫存資料夾已移除 "
		    "(stopped; temporary folder removed)\n");
	free(pv.out);
	free(tmp);
	return rc;
}
