/*
 * gongkai audit: what the site still owes under the service-quality plan
 * (audit.c), as text or JSON on stdout.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "buf.h"
#include "build.h"
#include "commands.h"
#include "diag.h"
#include "json.h"
#include "util.h"

static int
usage(const char *msg, const char *arg)
{
	if (msg != NULL)
		fprintf(stderr, "gongkai audit: %s%s%s\n", msg, arg ? " " : "",
		    arg ? arg : "");
	fputs("用法 (usage): gongkai audit [--site DIR] [--json] [--today "
	    "YYYY-MM-DD] [--strict] [--quiet]\n", msg != NULL ? stderr : stdout);
	return 2;
}

int
cmd_audit(int argc, char **argv)
{
	const char *site_dir = ".";
	struct date today = { 0, 0, 0 };
	struct site_model *m;
	struct audit_report r;
	struct arena a = ARENA_INIT;
	int json = 0, strict = 0, rc, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--site") == 0 || strcmp(argv[i], "-s") == 0) {
			if (++i >= argc)
				return usage("--site 需要資料夾 (needs DIR)", NULL);
			site_dir = argv[i];
		} else if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--strict") == 0) {
			strict = 1;
		} else if (strcmp(argv[i], "--quiet") == 0 ||
		    strcmp(argv[i], "-q") == 0) {
			diag_set_quiet(1);
		} else if (strcmp(argv[i], "--today") == 0) {
			if (++i >= argc || strlen(argv[i]) != 10 ||
			    date_parse(argv[i], &today) < 0)
				return usage("--today 需要日期 YYYY-MM-DD (needs a "
				    "date)", i < argc ? argv[i] : NULL);
		} else if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			usage(NULL, NULL);
			return 0;
		} else {
			return usage("未知的選項 (unknown option)", argv[i]);
		}
	}
	m = xcalloc(1, sizeof(*m));
	build_load(m, site_dir, NULL, 0);
	/* the clock only when no day is given: today in the site's zone */
	if (today.year == 0 && audit_today(m->cfg.timezone, &today) < 0)
		diag_warning(m->cfg.path, 1, 1, "未知的時區「%s」，以 UTC 的今天"
		    "為基準日 (unknown time zone: auditing as of today in UTC)",
		    m->cfg.timezone);
	audit_run(&a, &m->site, today, &r);
	if (json) {
		struct buf b = BUF_INIT;

		json_dump_value(audit_value(&a, &r, m->cfg.date_format), &b);
		buf_putc(&b, '\n');
		fwrite(b.data, 1, b.len, stdout);
		buf_free(&b);
	} else {
		audit_print(stdout, &r);
	}
	rc = 0;
	if (diag_errors() > 0) {
		fprintf(stderr, "gongkai: 網站有 %zu 個錯誤，檢核結果可能不完整 (%zu "
		    "errors: the audit may be incomplete)\n", diag_errors(),
		    diag_errors());
		rc = 1;
	} else if (strict && r.owed > 0) {
		rc = 1;
	}
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = 2;
	arena_free(&a);
	build_unload(m);
	free(m);
	return rc;
}
